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
        "looking strong today", "earnings beat and guidance raised", "upgraded to buy", "breakout above resistance",
        "revenue growth accelerating", "rally continues, buying more calls", "crushing estimates again",
        "record sales and strong demand", "isn't going down anytime soon", "dividend increase announced",
        "bullish setup forming", "outperform rating reiterated", "margins expanding nicely", "new highs incoming",
    ]
    static let bearish = [
        "missed estimates and cut guidance", "downgraded to sell", "breaking down below support",
        "lawsuit and recall news hurting", "revenue decline continues", "weak outlook, plunging",
        "buying puts here", "losing market share fast", "not bullish anymore, losses piling up",
        "overvalued and overhyped", "bearish divergence forming", "guidance cut again", "selling all my shares",
        "disappointing quarter",
    ]
    static let bullishColour = [
        "", "love it", "very impressive", "solid company", "holding long", "adding to my position",
        "great management", "easy money", "this is the one", "happy shareholder",
    ]
    static let bearishColour = [
        "", "ugly", "terrible", "getting out", "avoid", "bad sign", "painful", "worried here",
        "stop loss hit", "what a mess",
    ]
    static let openers = ["", "Wow,", "Honestly", "Heads up:", "IMO", "Note:", "Watching closely:", "Update:", "Just saw that", "FYI"]
    static let horizons = ["", "this week", "into earnings", "for Q3", "long term", "short term", "today", "this month",
                           "after the call", "before the open", "into the close"]
    static let neutral = [
        "trading at %P today", "anyone watching this week?", "earnings call scheduled for next month",
        "what is the volume today", "annual meeting on Thursday", "added to my watchlist", "options expiring Friday",
        "conference presentation tomorrow", "ex-dividend date coming", "shares outstanding unchanged",
        "index rebalancing next week", "sector rotation talk again",
    ]
    static let spam = [
        "$S $AAPL $MSFT $TSLA $AMZN $GOOG free stock picks http://t.co/spam%N",
        "Join our chat for 1000% gains on $S http://t.co/pump%N",
        "$S alert sent to members http://t.co/alert%N",
        "RT @pumpbot: $S $SPY $QQQ $IWM $DIA huge move coming",
    ]

    /// An opinion post: opener, cashtag, claim, colour and horizon picked independently, so real
    /// duplicates are rare and the words, not the template, carry the sentiment.
    static func opinion(_ claims: [String], _ colour: [String], rng: inout SeededGenerator) -> String {
        func pick(_ xs: [String]) -> String { xs[rng.nextInt(below: xs.count)] }
        let parts = [pick(openers), "$S", pick(claims), pick(horizons)].filter { !$0.isEmpty }
        var text = parts.joined(separator: " ")
        let extra = pick(colour)
        if !extra.isEmpty { text += rng.nextUnit() < 0.5 ? ", \(extra)" : ". \(extra.prefix(1).uppercased())\(extra.dropFirst())" }
        return text
    }

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
                    if rng.nextUnit() < 0.25 {
                        text = "$S " + neutral[rng.nextInt(below: neutral.count)] + " " + horizons[rng.nextInt(below: horizons.count)]
                    } else {
                        let m = rng.nextUnit() < config.noiseShare ? rng.nextGaussian() : mood[t]
                        let pBull = 1 / (1 + Foundation.exp(-2.5 * m))
                        text = rng.nextUnit() < pBull ? opinion(bullish, bullishColour, rng: &rng) : opinion(bearish, bearishColour, rng: &rng)
                    }
                    author = "user\(rng.nextInt(below: 20_000))"
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
