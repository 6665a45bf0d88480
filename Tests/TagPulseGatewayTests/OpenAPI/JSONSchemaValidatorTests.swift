import TagPulseTestSupport
import XCTest

/// The test validator must reject what the schema forbids, keyword by keyword, or the conformance tests prove nothing.
final class JSONSchemaValidatorTests: XCTestCase {
    let root = try! JSON.parse(
        #"""
        {"components":{"schemas":{
          "Name":{"type":"string","minLength":2,"maxLength":4},
          "Node":{"type":"object","required":["id"],"additionalProperties":false,
                  "properties":{"id":{"type":"integer"},"next":{"$ref":"#/components/schemas/Node"}}},
          "a~b/c":{"const":1}
        }}}
        """#
    )

    func violations(_ instance: String, _ schema: String) throws -> [JSONSchemaValidator.Violation] {
        JSONSchemaValidator(root: self.root).validate(try JSON.parse(instance), against: try JSON.parse(schema))
    }

    func assertValid(_ instance: String, _ schema: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let found = try self.violations(instance, schema)
        XCTAssertEqual(found, [], "\(instance) against \(schema)", file: file, line: line)
    }

    func assertInvalid(_ instance: String, _ schema: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let found = try self.violations(instance, schema)
        XCTAssertFalse(found.isEmpty, "\(instance) must break \(schema)", file: file, line: line)
    }

    func testTypesIncludingListsNullAndIntegers() throws {
        try self.assertValid("1", #"{"type":"integer"}"#)
        try self.assertValid("1.0", #"{"type":"integer"}"#)
        try self.assertInvalid("1.5", #"{"type":"integer"}"#)
        try self.assertValid("1.5", #"{"type":"number"}"#)
        try self.assertValid("2", #"{"type":"number"}"#)
        try self.assertInvalid("true", #"{"type":"number"}"#)
        try self.assertInvalid("1", #"{"type":"boolean"}"#)
        try self.assertInvalid("0", #"{"type":"boolean"}"#)
        try self.assertInvalid(#""1""#, #"{"type":"integer"}"#)
        try self.assertValid("null", #"{"type":["string","null"]}"#)
        try self.assertValid(#""x""#, #"{"type":["string","null"]}"#)
        try self.assertInvalid("3", #"{"type":["string","null"]}"#)
        try self.assertInvalid("[]", #"{"type":"object"}"#)
        try self.assertInvalid("{}", #"{"type":"array"}"#)
        try self.assertValid("{}", "true")
        try self.assertInvalid("{}", "false")
    }

    func testObjects() throws {
        let schema = #"{"type":"object","required":["a"],"properties":{"a":{"type":"string"},"b":{"type":"integer"}},"additionalProperties":false}"#
        try self.assertValid(#"{"a":"x","b":2}"#, schema)
        try self.assertInvalid(#"{"b":2}"#, schema)
        try self.assertInvalid(#"{"a":1}"#, schema)
        try self.assertInvalid(#"{"a":"x","c":true}"#, schema)
        try self.assertValid(#"{"a":"x","c":true}"#, #"{"properties":{"a":{"type":"string"}}}"#)
        try self.assertValid(#"{"x":1,"y":2}"#, #"{"additionalProperties":{"type":"integer"}}"#)
        try self.assertInvalid(#"{"x":1,"y":"2"}"#, #"{"additionalProperties":{"type":"integer"}}"#)
        // Keywords of the wrong kind of instance do not apply.
        try self.assertValid("5", #"{"required":["a"],"minLength":3,"minItems":2}"#)
    }

    func testArraysEnumsAndConstants() throws {
        try self.assertValid("[1,2]", #"{"items":{"type":"integer"},"minItems":1,"maxItems":2}"#)
        try self.assertInvalid("[1,\"2\"]", #"{"items":{"type":"integer"}}"#)
        try self.assertInvalid("[]", #"{"minItems":1}"#)
        try self.assertInvalid("[1,2,3]", #"{"maxItems":2}"#)
        try self.assertValid(#""b""#, #"{"enum":["a","b",null]}"#)
        try self.assertValid("null", #"{"enum":["a","b",null]}"#)
        try self.assertInvalid(#""c""#, #"{"enum":["a","b",null]}"#)
        try self.assertValid(#"{"k":[1]}"#, #"{"const":{"k":[1.0]}}"#)
        try self.assertInvalid(#"{"k":[2]}"#, #"{"const":{"k":[1]}}"#)
    }

    func testNumbersAndStrings() throws {
        try self.assertValid("50", #"{"minimum":1,"maximum":50}"#)
        try self.assertInvalid("0", #"{"minimum":1,"maximum":50}"#)
        try self.assertInvalid("50.5", #"{"minimum":1,"maximum":50}"#)
        // Lengths count code points: "é" as e + combining accent is two, an emoji one.
        try self.assertValid(#""e\u0301""#, #"{"minLength":2,"maxLength":2}"#)
        try self.assertValid(#""👍""#, #"{"maxLength":1}"#)
        try self.assertInvalid(#""abc""#, #"{"maxLength":2}"#)
        try self.assertInvalid(#""""#, #"{"minLength":1}"#)
    }

    func testPatternsFollowECMAScript() throws {
        // Unanchored unless the pattern anchors itself.
        try self.assertValid(#""xxabcxx""#, #"{"pattern":"abc"}"#)
        try self.assertInvalid(#""xxabcxx""#, #"{"pattern":"^abc$"}"#)
        // `$` is the very end: ICU alone would let a final line break through.
        try self.assertInvalid(#""abc\n""#, #"{"pattern":"^abc$"}"#)
        try self.assertValid(#""a$b""#, #"{"pattern":"^a[$]b$"}"#)
        try self.assertValid(#""a$b""#, #"{"pattern":"^a\\$b$"}"#)
        // Unicode properties, as the targets' patterns use them.
        try self.assertValid(#""Ünïcødé_1""#, #"{"pattern":"^[\\p{L}\\p{N}_]+$"}"#)
        try self.assertInvalid(#""a-b""#, #"{"pattern":"^[\\p{L}\\p{N}_]+$"}"#)
        let broken = try self.violations(#""x""#, #"{"pattern":"(unclosed"}"#)
        XCTAssertTrue(broken.contains { $0.message.hasPrefix("invalid pattern") }, "\(broken)")
    }

    func testCombinators() throws {
        let oneOf = #"{"oneOf":[{"type":"integer"},{"minimum":0}]}"#
        try self.assertValid("-1", oneOf)
        try self.assertValid("1.5", oneOf)
        try self.assertInvalid("1", oneOf)  // both match
        try self.assertInvalid(#""x""#, #"{"oneOf":[{"type":"integer"},{"type":"boolean"}]}"#)  // none matches
        try self.assertValid("true", #"{"anyOf":[{"type":"integer"},{"type":"boolean"}]}"#)
        try self.assertInvalid(#""x""#, #"{"anyOf":[{"type":"integer"},{"type":"boolean"}]}"#)
        try self.assertValid("5", #"{"allOf":[{"type":"integer"},{"minimum":5}]}"#)
        try self.assertInvalid("4", #"{"allOf":[{"type":"integer"},{"minimum":5}]}"#)
    }

    func testReferencesResolveInTheDocumentAndRecurse() throws {
        try self.assertValid(#""abc""#, ##"{"$ref":"#/components/schemas/Name"}"##)
        try self.assertInvalid(#""a""#, ##"{"$ref":"#/components/schemas/Name"}"##)
        try self.assertValid("1", ##"{"$ref":"#/components/schemas/a~0b~1c"}"##)
        try self.assertValid(##"{"id":1,"next":{"id":2,"next":{"id":3}}}"##, ##"{"$ref":"#/components/schemas/Node"}"##)
        let deep = try self.violations(##"{"id":1,"next":{"id":2,"next":{"id":"3"}}}"##, ##"{"$ref":"#/components/schemas/Node"}"##)
        XCTAssertEqual(deep.map(\.path), ["$.next.next.id"])
        // Siblings of $ref apply too (2020-12).
        try self.assertInvalid(#""abcd""#, ##"{"$ref":"#/components/schemas/Name","maxLength":3}"##)
        let missing = try self.violations("1", ##"{"$ref":"#/components/schemas/Nope"}"##)
        XCTAssertTrue(missing.contains { $0.message.hasPrefix("unresolvable") }, "\(missing)")
    }

    func testUnsupportedKeywordsAreViolationsNotSilentPasses() throws {
        for schema in [#"{"not":{"type":"string"}}"#, #"{"uniqueItems":true}"#, #"{"exclusiveMinimum":0}"#, #"{"propertyNames":{}}"#] {
            let found = try self.violations("1", schema)
            XCTAssertTrue(found.contains { $0.message.hasPrefix("unsupported keyword") }, "\(schema): \(found)")
        }
        let validator = JSONSchemaValidator(root: self.root)
        XCTAssertEqual(validator.schemaProblems(try JSON.parse(#"{"type":"string","description":"x","examples":["a"]}"#)), [])
        let problems = validator.schemaProblems(
            try JSON.parse(
                ##"{"type":"strin","pattern":"(","minLength":-1,"properties":{"a":{"not":{}}},"allOf":[],"$ref":"#/nowhere"}"##
            )
        )
        XCTAssertEqual(problems.count, 6, "\(problems)")
    }

    func testViolationsNameWhereTheyAre() throws {
        let schema = #"{"type":"object","properties":{"items":{"type":"array","items":{"type":"object","required":["x"]}}}}"#
        let found = try self.violations(#"{"items":[{"x":1},{}]}"#, schema)
        XCTAssertEqual(found.map(\.path), ["$.items[1]"])
        XCTAssertTrue(found[0].message.contains("'x'"))
    }
}
