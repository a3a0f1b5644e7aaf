import Foundation
import TradingCore

/// Post texts for the synthetic market: opinions that follow the latent mood, random-opinion
/// noise, neutral chatter, and spam (cashtag lists, links, bots repeating one text).
///
/// The vocabulary is ordinary finance-social language ("beat estimates", "downgraded", "buying
/// puts"), including negations ("not bullish anymore"), so an analyzer has to read the text to
/// recover the mood; nothing in a post states the mood directly.
enum SyntheticPosts {
    static let bullish = [
        "$S looking strong today, adding to my position",
        "Great quarter for $S, earnings beat and guidance raised",
        "$S upgraded to buy, price target raised",
        "Bullish on $S, breakout above resistance",
        "$S revenue growth accelerating, very impressive",
        "Loving this rally in $S, buying more calls",
        "$S crushing estimates again, outperform",
        "Strong demand for $S products, record sales",
        "$S isn't going down anytime soon, holding long",
        "Dividend increase at $S, solid company",
    ]
    static let bearish = [
        "$S missed estimates and cut guidance, ugly",
        "Downgrade: analysts cut $S to sell",
        "Bearish on $S, buying puts here",
        "$S breaking down below support, weak",
        "Lawsuit and recall news hitting $S hard",
        "Selling all my $S shares, this looks terrible",
        "$S revenue decline continues, disappointing",
        "Not bullish on $S anymore, losses piling up",
        "$S plunges after weak outlook",
        "Short $S, overvalued and losing market share",
    ]
    static let neutral = [
        "$S trading at %P today",
        "Anyone watching $S this week?",
        "$S earnings call scheduled for next month",
        "What is the volume on $S today",
        "$S annual meeting on Thursday",
        "Added $S to my watchlist",
    ]
    static let spam = [
        "$S $AAPL $MSFT $TSLA $AMZN $GOOG free stock picks http://t.co/spam%N",
        "Join our chat for 1000% gains on $S http://t.co/pump%N",
        "$S alert sent to members http://t.co/alert%N",
        "RT @pumpbot: $S $SPY $QQQ $IWM $DIA huge move coming",
    ]

    static func generate(symbol: String, sessions: [TradingSession], mood: [Double], bars: [Bar],
                         config: SyntheticMarketConfig, rng: inout SeededGenerator) -> [Post] {
        var posts: [Post] = []
        posts.reserveCapacity(Int(config.postsPerSession * Double(sessions.count) * 1.1))
        let bots = (0..<5).map { "bot\(symbol)\($0)" }
        var serial = 0
        for t in sessions.indices {
            let windowStart = t > 0 ? sessions[t - 1].close : sessions[t].close.addingTimeInterval(-86_400)
            let window = sessions[t].close.timeIntervalSince(windowStart)
            // More posts on days with strong mood (either side), as in real streams.
            let count = poisson(config.postsPerSession * (0.6 + 0.4 * abs(mood[t])), rng: &rng)
            for _ in 0..<count {
                serial += 1
                let time = windowStart.addingTimeInterval(max(1, (rng.nextUnit() * window).rounded(.down)))
                let (text, author): (String, String)
                if rng.nextUnit() < config.spamShare {
                    var template = spam[rng.nextInt(below: spam.count)]
                    template = template.replacingOccurrences(of: "%N", with: String(rng.nextInt(below: 50)))
                    (text, author) = (template, bots[rng.nextInt(below: bots.count)])
                } else {
                    let u = rng.nextUnit()
                    let bank: [String]
                    if u < 0.25 {
                        bank = neutral
                    } else {
                        let m = rng.nextUnit() < config.noiseShare ? rng.nextGaussian() : mood[t]
                        let pBull = 1 / (1 + Foundation.exp(-2.5 * m))
                        bank = rng.nextUnit() < pBull ? bullish : bearish
                    }
                    text = bank[rng.nextInt(below: bank.count)]
                    author = "user\(rng.nextInt(below: 5_000))"
                }
                let price = t > 0 ? bars[t - 1].close : bars[t].open
                let rendered = text.replacingOccurrences(of: "$S", with: "$" + symbol)
                    .replacingOccurrences(of: "%P", with: String(format: "%.2f", price))
                let followers = Int(Foundation.exp(3 + 2 * rng.nextGaussian()).rounded())
                posts.append(Post(
                    id: "\(symbol)-\(serial)", time: time, text: rendered, authorID: author,
                    followers: min(followers, 10_000_000), engagement: poisson(2, rng: &rng),
                    source: .synthetic, lang: "en", symbols: [symbol]))
            }
        }
        posts.sort { ($0.time, $0.id) < ($1.time, $1.id) }
        return posts
    }

    /// Poisson variate (Knuth for small means, normal approximation above 30).
    static func poisson(_ mean: Double, rng: inout SeededGenerator) -> Int {
        guard mean > 0 else { return 0 }
        if mean > 30 { return max(0, Int((mean + mean.squareRoot() * rng.nextGaussian()).rounded())) }
        let limit = Foundation.exp(-mean)
        var k = 0
        var p = rng.nextUnit()
        while p > limit {
            k += 1
            p *= rng.nextUnit()
        }
        return k
    }
}
