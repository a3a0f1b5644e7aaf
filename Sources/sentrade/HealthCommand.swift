import ArgumentParser
import Connectors
import Foundation

/// `sentrade health --url URL`: exits 0 when the runner's `/health` answers 200 (the container
/// HEALTHCHECK and the ECS health check call it), 1 otherwise, printing why.
struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health", abstract: "Check a running runner's /health endpoint (exit 0 when ready).")
    @Option(help: "The health URL.") var url = "http://127.0.0.1:8081/health"
    @Option(help: "Seconds to wait for a reply.") var timeout: Double = 5

    func run() async throws {
        let http = HTTPCore(service: "health", timeout: timeout, retry: .none)
        do {
            let reply = try await http.send(HTTPRequestSpec(url: url))
            print(String(decoding: reply.body, as: UTF8.self))
        } catch {
            print("unhealthy: \(error)")
            throw ExitCode(1)
        }
    }
}
