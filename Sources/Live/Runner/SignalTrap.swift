import Dispatch
import Foundation

/// SIGTERM / SIGINT ask the runner to stop after the cycle in flight (Fargate sends SIGTERM, then
/// SIGKILL 30 s later); SIGUSR1 trips the kill switch.
public final class SignalTrap: @unchecked Sendable {
    private let sources: [DispatchSourceSignal]

    public init(control: RunnerControl) {
        var sources: [DispatchSourceSignal] = []
        for (number, action) in [(SIGTERM, "stop"), (SIGINT, "stop"), (SIGUSR1, "kill")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if action == "kill" { control.requestKill("SIGUSR1") } else { control.requestStop(number == SIGTERM ? "SIGTERM" : "SIGINT") }
            }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    public func cancel() {
        for s in sources { s.cancel() }
        for number in [SIGTERM, SIGINT, SIGUSR1] { signal(number, SIG_DFL) }
    }
}
