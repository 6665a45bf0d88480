import Foundation
import NIOCore
import TagPulseWire
import Testing

@testable import TagPulseGateway

/// `POST /v1/admin/warm` bodies: an item is valid exactly when the same `POST /v1/analyze/{kind}` body would be.
@Suite("Warm-up request validation")
struct WarmRequestTests {
    static let prompt = "What do people think about the price?"

    func parse(_ json: String, settings: WarmSettings = WarmSettings()) throws(APIError) -> WarmRequest {
        let value = try! JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
        guard case .object(let fields) = value else { fatalError("the test body must be an object") }
        return try WarmRequest.parse(fields: fields, settings: settings)
    }

    /// The violations of a refused body, as `field message`.
    func violations(_ json: String, settings: WarmSettings = WarmSettings()) -> [String] {
        do {
            let request = try self.parse(json, settings: settings)
            Issue.record("accepted: \(request)")
            return []
        } catch {
            #expect(error.code == .validationFailed)
            #expect(error.status == .unprocessableContent)
            return error.violations.map(\.description)
        }
    }

    @Test func everyKindWithTheAnalysisDefaultsApplied() throws {
        let request = try self.parse(
            #"""
            {"items":[
              {"kind":"hashtag","hashtag":"#SkinCare","ai_analysis_prompt":"\#(Self.prompt)","max_posts":"5"},
              {"kind":"account","username":"@ChefMarco"},
              {"kind":"search","query":"Air  Fryer","ai_analysis_prompt":"\#(Self.prompt)","max_comments_per_post":20.0}
            ]}
            """#
        )
        #expect(request.items.map(\.kind) == [.hashtag, .account, .search])
        #expect(request.items.map(\.params.target) == ["skincare", "chefmarco", "air fryer"])
        #expect(request.items[0].params.maxPosts == 5)
        #expect(request.items[1].params.prompt == AnalysisLimits.defaultAccountPrompt)
        #expect(request.items[2].params.maxCommentsPerPost == 20)
        #expect(request.concurrency == 2)
    }

    @Test func theItemIsWhatTheAnalysisParserReads() throws {
        let body = ##"{"hashtag":"#SkinCare","ai_analysis_prompt":"\##(Self.prompt)","max_posts":7,"model":"gpt-4.1"}"##
        let direct = try AnalysisRequestParser.parse(ByteBuffer(string: body), kind: .hashtag)
        let request = try self.parse(#"{"items":[{"kind":"hashtag",\#(body.dropFirst())]}"#)
        #expect(request.items == [WarmItem(kind: .hashtag, params: direct)])
    }

    @Test func everyBrokenItemIsNamedByIndexAndNothingIsAccepted() {
        let violations = self.violations(
            #"""
            {"items":[
              {"kind":"hashtag","hashtag":"skincare","ai_analysis_prompt":"\#(Self.prompt)"},
              {"kind":"hashtag","hashtag":"skincare"},
              {"kind":"account","username":"bad name!","max_posts":101},
              "booktok",
              {"hashtag":"booktok"},
              {"kind":"video","hashtag":"booktok"}
            ]}
            """#
        )
        #expect(
            violations == [
                "items[1].ai_analysis_prompt is required",
                "items[2].username must contain only letters, digits, underscores and dots after the leading @",
                "items[2].max_posts must be a whole number from 1 to 100",
                "items[3] must be an object, not string",
                "items[4].kind is required (one of hashtag, account, search)",
                "items[5].kind must be one of hashtag, account, search",
            ]
        )
    }

    @Test func itemsMustBeAListOfOneToTheConfiguredMaximum() {
        var settings = WarmSettings()
        settings.maxItems = 2
        let item = #"{"kind":"account","username":"chefmarco"}"#
        #expect(self.violations("{}") == ["items is required"])
        #expect(self.violations(#"{"items":{}}"#) == ["items must be an array, not object"])
        #expect(self.violations(#"{"items":[]}"#, settings: settings) == ["items must hold 1 to 2 items"])
        #expect(self.violations(#"{"items":[\#(item),\#(item),\#(item)]}"#, settings: settings) == ["items must hold 1 to 2 items"])
    }

    @Test func concurrencyIsClampedToTheConfiguredMaximum() throws {
        let item = #"{"kind":"account","username":"chefmarco"}"#
        var settings = WarmSettings()
        settings.maxConcurrency = 3
        #expect(try self.parse(#"{"items":[\#(item)],"concurrency":1}"#, settings: settings).concurrency == 1)
        #expect(try self.parse(#"{"items":[\#(item)],"concurrency":50}"#, settings: settings).concurrency == 3)
        #expect(try self.parse(#"{"items":[\#(item)]}"#, settings: settings).concurrency == 3)
        for bad in ["0", "-1", "1.5", "\"2\"", "true"] {
            #expect(self.violations(#"{"items":[\#(item)],"concurrency":\#(bad)}"#) == ["concurrency must be a whole number of at least 1"])
        }
    }

    @Test func aThousandBrokenItemsListAHundredViolationsAndACount() {
        let items = Array(repeating: #"{"kind":"account","username":""}"#, count: 150).joined(separator: ",")
        let violations = self.violations(#"{"items":[\#(items)]}"#)
        #expect(violations.count == 101)
        #expect(violations.first?.hasPrefix("items[0].username") == true)
        #expect(violations.last == "items and 50 more violations")
    }
}
