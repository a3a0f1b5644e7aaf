import ArgumentParser

@main
struct Sentrade: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sentrade",
        abstract: "A trading bot that fuses prices with social and news sentiment and learns with PPO.",
        subcommands: [
            DataCommand.self,
            PostsCommand.self,
        ])
}
