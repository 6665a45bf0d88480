import Foundation

extension APIReferencePage {
    /// Walks the parsed document into HTML. Paths keep the document's order (found by their position in its text:
    /// `JSONSerialization` forgets key order); operations are grouped by their first tag, in the `tags` list's order.
    struct Renderer {
        let document: [String: Any]
        let source: String
        private(set) var operationIDs: [String] = []

        init(document: [String: Any], source: String) {
            self.document = document
            self.source = source
        }

        static let methods = ["get", "post", "put", "patch", "delete"]

        var info: [String: Any] { self.document["info"] as? [String: Any] ?? [:] }
        var title: String { self.info["title"] as? String ?? "API" }
        var components: [String: Any] { self.document["components"] as? [String: Any] ?? [:] }

        struct Operation {
            var method: String
            var path: String
            var object: [String: Any]
        }

        mutating func body() -> String {
            let paths = self.document["paths"] as? [String: Any] ?? [:]
            let ordered = paths.keys.sorted { self.position(ofPath: $0) < self.position(ofPath: $1) }
            var byTag: [String: [Operation]] = [:]
            for path in ordered {
                let item = paths[path] as? [String: Any] ?? [:]
                for method in Self.methods {
                    guard let operation = item[method] as? [String: Any] else { continue }
                    let tag = (operation["tags"] as? [String])?.first ?? "other"
                    byTag[tag, default: []].append(Operation(method: method, path: path, object: operation))
                }
            }
            let declared = (self.document["tags"] as? [[String: Any]] ?? []).compactMap { tag -> (String, String)? in
                guard let name = tag["name"] as? String else { return nil }
                return (name, tag["description"] as? String ?? "")
            }
            let tags = declared + byTag.keys.filter { name in !declared.contains { $0.0 == name } }.sorted().map { ($0, "") }
            var html = "<header><h1>\(escape(self.title)) <small>\(escape(self.info["version"] as? String ?? ""))</small></h1>"
            if let summary = self.info["summary"] as? String { html += "<p class=\"summary\">\(escape(summary))</p>" }
            html +=
                "<p class=\"meta\">Rendered from <a href=\"/openapi.json\">/openapi.json</a>. "
                + "<label>Filter <input id=\"filter\" type=\"search\" placeholder=\"path, method, summary or id\"></label> "
                + "<span id=\"shown\"></span></p></header><main>"
            html += "<details class=\"intro\"><summary>About this API</summary>\(markdown(self.info["description"] as? String ?? ""))</details>"
            html += "<nav><ul>" + tags.filter { byTag[$0.0] != nil }.map { "<li><a href=\"#tag-\($0.0)\">\(escape($0.0))</a></li>" }.joined()
            html += "<li><a href=\"#schemas\">schemas</a></li></ul></nav>"
            for (name, description) in tags {
                guard let operations = byTag[name] else { continue }
                html += "<section class=\"tag\" id=\"tag-\(escape(name))\"><h2>\(escape(name))</h2>\(markdown(description))"
                for operation in operations { html += self.render(operation) }
                html += "</section>"
            }
            html += self.renderSchemas() + "</main>"
            return html
        }

        func position(ofPath path: String) -> Int {
            guard let range = self.source.range(of: "\"" + path + "\":{") else { return .max }
            return self.source.distance(from: self.source.startIndex, to: range.lowerBound)
        }

        mutating func render(_ operation: Operation) -> String {
            let object = operation.object
            let id = object["operationId"] as? String ?? "\(operation.method)\(operation.path)"
            self.operationIDs.append(id)
            var html =
                "<article class=\"op\" id=\"op-\(escape(id))\"><h3><span class=\"method \(operation.method)\">\(operation.method.uppercased())</span> "
                + "<code class=\"path\">\(escape(operation.path))</code> <span class=\"opsum\">\(escape(object["summary"] as? String ?? ""))</span></h3>"
            html += "<p class=\"opid\">operationId <code>\(escape(id))</code> · \(self.security(object["security"]))</p>"
            if let description = object["description"] as? String { html += markdown(description) }
            let parameters = (object["parameters"] as? [Any] ?? []).compactMap { self.resolve($0) }
            if !parameters.isEmpty {
                html += "<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>required</th><th>description</th></tr>"
                for parameter in parameters {
                    html +=
                        "<tr><td><code>\(escape(parameter["name"] as? String ?? ""))</code></td><td>\(escape(parameter["in"] as? String ?? ""))</td>"
                        + "<td>\((parameter["required"] as? Bool) == true ? "yes" : "no")</td>"
                        + "<td>\(markdown(parameter["description"] as? String ?? ""))\(self.schemaLink(parameter["schema"]))</td></tr>"
                }
                html += "</table>"
            }
            if let body = object["requestBody"] as? [String: Any] {
                html += "<h4>Request body</h4><ul>"
                for (type, media) in (body["content"] as? [String: Any] ?? [:]).sorted(by: { $0.key < $1.key }) {
                    html += "<li><code>\(escape(type))</code> \(self.schemaLink((media as? [String: Any])?["schema"]))</li>"
                }
                html += "</ul>"
            }
            let responses = object["responses"] as? [String: Any] ?? [:]
            html += "<h4>Responses</h4><table><tr><th>status</th><th>description</th><th>body</th></tr>"
            for status in responses.keys.sorted() {
                let response = self.resolve(responses[status] as Any) ?? [:]
                let content = (response["content"] as? [String: Any] ?? [:]).sorted { $0.key < $1.key }.map { type, media in
                    "<code>\(escape(type))</code> \(self.schemaLink((media as? [String: Any])?["schema"]))"
                }
                html +=
                    "<tr><td class=\"status s\(status.prefix(1))\">\(escape(status))</td><td>\(markdown(response["description"] as? String ?? ""))</td>"
                    + "<td>\(content.joined(separator: "<br>"))</td></tr>"
            }
            return html + "</table></article>"
        }

        func security(_ value: Any?) -> String {
            guard let requirements = value as? [[String: [String]]] ?? (self.document["security"] as? [[String: [String]]]),
                !requirements.isEmpty
            else { return "no key needed" }
            let scopes = Set(requirements.flatMap { $0.values.flatMap { $0 } }).sorted()
            return "key with scope " + scopes.map { "<code>\(escape($0))</code>" }.joined(separator: " or ")
        }

        /// A `$ref` to `#/components/<section>/<name>` resolved (once), or the object itself.
        func resolve(_ value: Any) -> [String: Any]? {
            guard let object = value as? [String: Any] else { return nil }
            guard let reference = object["$ref"] as? String else { return object }
            let parts = reference.split(separator: "/").map(String.init)
            guard parts.count == 4, parts[0] == "#", parts[1] == "components" else { return nil }
            return (self.components[parts[2]] as? [String: Any])?[parts[3]] as? [String: Any]
        }

        func schemaLink(_ schema: Any?) -> String {
            guard let schema = schema as? [String: Any] else { return "" }
            if let reference = schema["$ref"] as? String, let name = reference.split(separator: "/").last {
                return "<a class=\"schema\" href=\"#schema-\(escape(String(name)))\">\(escape(String(name)))</a>"
            }
            if let type = schema["type"] as? String { return "<span class=\"schema\">\(escape(type))</span>" }
            return ""
        }

        func renderSchemas() -> String {
            let schemas = self.components["schemas"] as? [String: Any] ?? [:]
            var html = "<section id=\"schemas\"><h2>schemas</h2>"
            for name in schemas.keys.sorted() {
                let data =
                    (try? JSONSerialization.data(
                        withJSONObject: schemas[name] as Any,
                        options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                    ))
                    ?? Data()
                html +=
                    "<details class=\"schemadef\" id=\"schema-\(escape(name))\"><summary>\(escape(name))</summary>"
                    + "<pre>\(escape(String(decoding: data, as: UTF8.self)))</pre></details>"
            }
            return html + "</section>"
        }

        func escape(_ text: String) -> String { APIReferencePage.escape(text) }
        func markdown(_ text: String) -> String { APIReferencePage.markdown(text) }
    }
}
