import TagPulseWire

extension APIError {
    /// 400: `from` or `to` is not a date `YYYY-MM-DD`.
    static func usageInvalidDate(_ parameter: String) -> APIError {
        APIError(
            status: .badRequest,
            code: .usageInvalidDate,
            title: "Invalid date",
            detail: "\(parameter) must be a UTC date YYYY-MM-DD",
            violations: [FieldViolation(field: parameter, message: "must be a date YYYY-MM-DD")]
        )
    }

    /// 400: `from` is after `to`.
    static let usageRangeInverted = APIError(
        status: .badRequest,
        code: .usageRangeInverted,
        title: "Invalid range",
        detail: "from must not be after to"
    )

    /// 400: more days than one read covers.
    static func usageRangeTooLong(_ maximum: Int) -> APIError {
        APIError(
            status: .badRequest,
            code: .usageRangeTooLong,
            title: "Range too long",
            detail: "a usage read covers at most \(maximum) days; split the range"
        )
    }

    /// 400: `group` is not `day` or `key`, or `client` is not a client name.
    static func usageInvalidParameter(_ parameter: String, _ message: String) -> APIError {
        APIError(
            status: .badRequest,
            code: .usageInvalidParameter,
            title: "Invalid parameter",
            detail: "\(parameter) \(message)",
            violations: [FieldViolation(field: parameter, message: message)]
        )
    }

    /// 403: a key with the `usage` scope (and not `admin`) asked for another client's usage.
    static let usageForbidden = APIError(
        status: .forbidden,
        code: .usageForbidden,
        title: "Not your usage",
        detail: "a key with the usage scope reads its own client's usage only; reading other clients needs the admin scope"
    )

    /// 503: the usage store cannot be read now.
    static func usageUnavailable(_ detail: String) -> APIError {
        APIError(status: .serviceUnavailable, code: .usageUnavailable, title: "Usage unavailable", detail: detail, retryAfterSeconds: 1)
    }
}
