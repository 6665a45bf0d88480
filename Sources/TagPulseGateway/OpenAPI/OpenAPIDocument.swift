// Embedded rather than bundled as a SwiftPM resource: `tagpulse-gateway` stays one self-contained binary, as with
// the Lua scripts. A resource bundle would have to ship next to the binary in every image, and `Bundle.module` traps
// when it is missing. The EmbedPlugin compiles `Resources/openapi.json` in at build time (this target's
// `embed.list`), so the served copy cannot drift from the file.

/// The OpenAPI 3.1 document of the public API, minified (keys in the file's order).
enum OpenAPIDocument {
    static let json = EmbeddedFiles.openAPIDocument
}
