import TagPulseCache

extension GatewayMetrics.CacheResult {
    /// The lookup result a response's `Cache-Status` stands for.
    init(_ status: CacheStatus) {
        switch status.outcome {
        case .hit:
            if status.collapsed {
                self = .coalesced
            } else if status.detail == "stale-while-revalidate" {
                self = .stale
            } else {
                self = .hit
            }
        case .forward(let reason, _):
            if status.detail == "stale-if-error" {
                self = .stale
            } else {
                switch reason {
                case .bypass, .request, .method: self = .bypass
                default: self = .miss
                }
            }
        }
    }
}

extension GatewayMetrics.CacheResult {
    /// Its position in `allCases` (``GatewayMetrics/cacheLookups``' order).
    var index: Int {
        switch self {
        case .hit: 0
        case .stale: 1
        case .miss: 2
        case .coalesced: 3
        case .bypass: 4
        }
    }
}
