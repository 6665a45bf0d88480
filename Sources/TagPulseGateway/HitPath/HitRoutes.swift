import TagPulseWire

/// The routes the event loop answers (``HitRoute``), made once per gateway for its metrics: the GET form and the
/// analysis POST routes of ``AnalysisController/routes`` (one route table for both paths).
struct HitRoutes: Sendable {
    let get: HitRoute
    /// By path (the POST routes' paths are their templates).
    let post: [String: HitRoute]

    init(metrics: GatewayMetrics) {
        self.get = HitRoute(template: AnalysisController.hashtagQueryRoute, method: .get, kind: .hashtag, metrics: metrics)
        self.post = Dictionary(
            uniqueKeysWithValues: AnalysisController.routes.map {
                ($0.path.description, HitRoute(template: $0.path.description, method: .post, kind: $0.kind, metrics: metrics))
            }
        )
    }
}
