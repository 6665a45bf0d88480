import Crypto
import Foundation

/// `GET /docs`: an API reference rendered from the OpenAPI document by the gateway itself, once, when the router is
/// built. One self-contained HTML page: the operations by tag (method, path, summary, description, scopes,
/// parameters, request body, responses) and every component schema, with an inline style sheet and an inline script
/// (a filter box and a count of the operations shown). Nothing is fetched from anywhere: the page's
/// `Content-Security-Policy` allows only its own style and script, by their SHA-256.
struct APIReferencePage {
    let html: String
    let contentSecurityPolicy: String
    /// Every `operationId`, in the page's order (each is the `id` of its section, prefixed `op-`).
    let operationIDs: [String]

    init(document json: String = OpenAPIDocument.json) {
        let document = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] ?? [:]
        var renderer = Renderer(document: document, source: json)
        let body = renderer.body()
        self.operationIDs = renderer.operationIDs
        self.html =
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + Self.noIcon
            + "<title>\(Self.escape(renderer.title)) — API reference</title>"
            + "<style>\(Self.style)</style></head>\n<body>\(body)<script>\(Self.script)</script></body></html>\n"
        self.contentSecurityPolicy =
            "default-src 'none'; style-src '\(Self.hashSource(Self.style))'; script-src '\(Self.hashSource(Self.script))'; frame-ancestors 'none'"
    }

    /// An empty inline icon, so browsers do not ask the gateway for `/favicon.ico`.
    static let noIcon = "<link rel=\"icon\" href=\"data:,\">"

    /// `sha256-<base64>` of `text`'s UTF-8 bytes, as CSP hash sources are written.
    static func hashSource(_ text: String) -> String {
        "sha256-" + Data(SHA256.hash(data: Data(text.utf8))).base64EncodedString()
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// The little Markdown the document's descriptions use: paragraphs, `code` and **strong**, escaped first.
    static func markdown(_ text: String) -> String {
        text.components(separatedBy: "\n\n").map { paragraph in
            var html = ""
            var code = false
            var strong = false
            var rest = Substring(Self.escape(paragraph))
            while let first = rest.first {
                if first == "`" {
                    html += code ? "</code>" : "<code>"
                    code.toggle()
                    rest = rest.dropFirst()
                } else if !code, rest.hasPrefix("**") {
                    html += strong ? "</strong>" : "<strong>"
                    strong.toggle()
                    rest = rest.dropFirst(2)
                } else {
                    html.append(first)
                    rest = rest.dropFirst()
                }
            }
            if code { html += "</code>" }
            if strong { html += "</strong>" }
            return "<p>" + html.replacingOccurrences(of: "\n", with: "<br>") + "</p>"
        }.joined()
    }
}
