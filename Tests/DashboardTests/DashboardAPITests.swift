import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Live
import TestSupport
import XCTest

/// The dashboard's access rules and its JSON API's errors, through the real binary over HTTP.
final class DashboardAPITests: XCTestCase {
    static let token = "api-test-token-0123456789"

    func testNonLoopbackBindWithoutATokenIsRefused() throws {
        let session = try Session.make()
        let r = try CommandRunner.run(["dashboard", "--journal", session.journal, "--host", "0.0.0.0", "--port", "0"],
                                      environment: ["SENTRADE_DASHBOARD_TOKEN": ""], timeout: 20)
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("not a loopback address") && r.stderr.contains("SENTRADE_DASHBOARD_TOKEN"), r.stderr)
        let missing = try CommandRunner.run(["dashboard", "--journal", session.root.path + "/nope.sqlite", "--port", "0"], timeout: 20)
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stderr.contains("nope.sqlite: no such file"), missing.stderr)
        let short = try CommandRunner.run(["dashboard", "--journal", session.journal, "--port", "0"],
                                          environment: ["SENTRADE_DASHBOARD_TOKEN": "short"], timeout: 20)
        XCTAssertTrue(short.stderr.contains("at least 16"), short.stderr)
    }

    func testControlsNeedTheTokenAndBadRequestsGetJSONErrors() throws {
        let session = try Session.make()
        let server = try DashboardProcess(journal: session.journal, token: Self.token)
        defer { server.stop() }
        // Controls: no token, a wrong token → 403; the right one → 202 and a journaled request.
        for headers in [[:], ["Authorization": "Bearer wrong-token-0123456789"], ["Authorization": Self.token]] {
            let (status, body) = try request(server.url + "api/v1/pause", method: "POST", headers: headers)
            XCTAssertEqual(status, 403, "\(headers): \(body)")
            XCTAssertNotNil(body["error"] as? String)
        }
        let (accepted, answer) = try request(server.url + "api/v1/kill", method: "POST",
                                             headers: ["Authorization": "Bearer " + Self.token], body: #"{"by": "ops", "reason": "test"}"#)
        XCTAssertEqual(accepted, 202, "\(answer)")
        let journal = try Journal(path: session.journal, durable: false)
        let queued = try XCTUnwrap(journal.pendingControls().last)
        XCTAssertEqual(queued.action, .kill)
        XCTAssertEqual(queued.requestedBy, "ops")
        XCTAssertEqual(queued.reason, "test")
        XCTAssertTrue(try journal.events(kind: "control").contains { $0.message.contains("kill requested by ops") })
        // Malformed requests: 4xx with a JSON error naming the problem.
        let cases: [(String, String, String?, Int, String)] = [
            ("api/v1/orders?limit=abc", "GET", nil, 400, "limit 'abc'"),
            ("api/v1/decisions?limit=0", "GET", nil, 400, "limit '0'"),
            ("api/v1/orders?open=maybe", "GET", nil, 400, "open 'maybe'"),
            ("api/v1/nothing-here", "GET", nil, 404, "no such endpoint"),
            ("api/v1/pause", "POST", "{not json", 400, "must be JSON"),
        ]
        for (path, method, body, expected, text) in cases {
            let (status, json) = try request(server.url + path, method: method,
                                             headers: ["Authorization": "Bearer " + Self.token], body: body)
            XCTAssertEqual(status, expected, path)
            XCTAssertTrue((json["error"] as? String)?.contains(text) ?? false, "\(path): \(json)")
        }
        // Reads need no token on loopback; another Host header is refused (DNS rebinding).
        let (ok, status) = try request(server.url + "api/v1/status")
        XCTAssertEqual(ok, 200)
        XCTAssertEqual(status["riskState"] as? String, "ACTIVE")
        let (rebound, _) = try request(server.url + "api/v1/status", headers: ["Host": "attacker.example:80"])
        XCTAssertEqual(rebound, 403)
    }

    func testControlsAreDisabledWithoutAToken() throws {
        let session = try Session.make()
        let server = try DashboardProcess(journal: session.journal, token: nil)
        defer { server.stop() }
        let (status, body) = try request(server.url + "api/v1/resume", method: "POST", headers: ["Authorization": "Bearer anything-0123456789"])
        XCTAssertEqual(status, 403)
        XCTAssertTrue((body["error"] as? String)?.contains("controls are disabled") ?? false, "\(body)")
    }

    /// One HTTP request; returns the status and the decoded JSON object.
    func request(_ url: String, method: String = "GET", headers: [String: String] = [:], body: String? = nil) throws -> (Int, [String: Any]) {
        var request = URLRequest(url: try XCTUnwrap(URL(string: url)))
        request.httpMethod = method
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        request.httpBody = body.map { Data($0.utf8) }
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: (Int, Data) = (0, Data())
        URLSession.shared.dataTask(with: request) { data, response, _ in
            result = ((response as? HTTPURLResponse)?.statusCode ?? 0, data ?? Data())
            done.signal()
        }.resume()
        XCTAssertEqual(done.wait(timeout: .now() + 20), .success, "no answer from \(url)")
        let json = (try? JSONSerialization.jsonObject(with: result.1)) as? [String: Any] ?? [:]
        return (result.0, json)
    }
}
