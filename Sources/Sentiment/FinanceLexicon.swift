import Foundation

/// Sentrade's own finance vocabulary (not from VADER): the terms that move prices and the rules'
/// word classes. General English valence comes from VADER; these entries override it, because
/// in finance "beat", "bull", "short" or "liability" do not mean what they mean in a chat.
///
/// Word classes used by `LexiconAnalyzer`:
/// - valence: sentiment on their own, VADER scale [-4, 4];
/// - direction: change verbs/adverbs (`rose` +1, `fell` -1), whose sign is multiplied by the nearby
///   quantity's (`loss narrowed` is good, `costs rose` is bad); their valence is the fallback when
///   no quantity is near;
/// - quantity: what goes up or down (+1 good: profit, sales; -1 bad: loss, costs, debt);
/// - boosters/dampeners, negations, contrast words (`but`) and comparison markers.
public enum FinanceLexicon {
    /// Finance valence (override VADER).
    public static let valence: [(String, Float)] = [
        // positive events and states
        ("beat", 2.0), ("beats", 2.0), ("outperform", 2.2), ("outperforms", 2.2), ("outperformed", 2.2),
        ("outperforming", 2.0), ("upgrade", 2.2), ("upgraded", 2.2), ("upgrades", 2.0), ("bullish", 2.8),
        ("bull", 1.5), ("bulls", 1.5), ("rally", 2.0), ("rallies", 2.0), ("rallied", 2.0), ("breakout", 1.8),
        ("profitable", 2.0), ("profitability", 0.8), ("strong", 1.8), ("stronger", 2.0), ("strongest", 2.2),
        ("robust", 1.8), ("solid", 1.4), ("healthy", 1.6), ("record", 1.2), ("upbeat", 2.0), ("buyback", 1.6),
        ("buybacks", 1.6), ("dividend", 0.8), ("award", 1.6), ("awarded", 1.8), ("wins", 1.8), ("won", 1.8),
        ("win", 1.6), ("winner", 1.8), ("favourable", 2.0), ("favorable", 2.0), ("favourably", 2.0),
        ("favorably", 2.0), ("positive", 1.8), ("optimistic", 2.0), ("optimism", 1.8), ("recovery", 1.6),
        ("recovered", 1.6), ("recovering", 1.4), ("rebound", 1.8), ("rebounded", 1.8), ("success", 2.0),
        ("successful", 2.0), ("successfully", 1.8), ("efficient", 1.4), ("efficiency", 1.0),
        ("moon", 2.0), ("mooning", 2.5), ("squeeze", 1.2), ("calls", 0.8), ("long", 0.3), ("buy", 1.5),
        ("buying", 1.2), ("accumulate", 1.2), ("overweight", 1.6), ("upside", 1.8), ("breakthrough", 2.0),
        ("expansion", 1.4), ("expand", 1.4), ("expands", 1.4), ("expanded", 1.4), ("expanding", 1.4),
        ("launch", 0.6), ("launched", 0.6), ("contract", 0.8), ("contracts", 0.8), ("agreement", 0.6),
        ("deal", 0.6), ("partnership", 1.0), ("cooperation", 1.0), ("selected", 1.2), ("chosen", 1.2),
        ("exceeded", 2.0), ("exceeds", 2.0), ("exceed", 1.8), ("above", 0.8), ("ahead", 1.0),
        ("raise", 1.0), ("raised", 1.0), ("raises", 1.0), ("boost", 1.8), ("boosted", 1.8), ("boosts", 1.8),
        ("strengthen", 1.6), ("strengthened", 1.6), ("strengthening", 1.6), ("improvement", 2.0),
        ("improvements", 1.8), ("improve", 1.8), ("improved", 2.0), ("improves", 1.8), ("improving", 1.8),
        ("growth", 1.4), ("grow", 1.2), ("grew", 1.4), ("grows", 1.2), ("growing", 1.2), ("gain", 1.4),
        ("gains", 1.4), ("gained", 1.4), ("rise", 1.2), ("rises", 1.2), ("rose", 1.2), ("risen", 1.2),
        ("rising", 1.0), ("increase", 1.0), ("increased", 1.1), ("increases", 1.0), ("increasing", 1.0),
        ("higher", 1.0), ("up", 0.8), ("jump", 1.8), ("jumped", 1.8), ("jumps", 1.8), ("surge", 2.2),
        ("surged", 2.2), ("surges", 2.2), ("soar", 2.4), ("soared", 2.4), ("soars", 2.4), ("climb", 1.4),
        ("climbed", 1.4), ("climbs", 1.4), ("doubled", 2.0), ("tripled", 2.2), ("advance", 1.2),
        ("advanced", 1.2), ("advances", 1.2), ("top", 0.6), ("topped", 1.6), ("tops", 1.4), ("larger", 0.8),
        ("bigger", 0.8), ("more", 0.3), ("widened", 0.6), ("widen", 0.6), ("lift", 1.2), ("lifted", 1.4),
        ("outpaced", 1.6), ("upturn", 2.0), ("turnaround", 1.8), ("pickup", 1.2),
        // negative events and states
        ("miss", -2.0), ("missed", -2.0), ("misses", -2.0), ("downgrade", -2.2), ("downgraded", -2.2),
        ("downgrades", -2.0), ("bearish", -2.8), ("bear", -1.5), ("bears", -1.5), ("puts", -0.8),
        ("short", -0.8), ("shorts", -0.8), ("shorting", -1.0), ("sell", -1.4), ("selling", -1.0),
        ("selloff", -2.2), ("underweight", -1.6), ("underperform", -2.2), ("underperformed", -2.2),
        ("bankrupt", -3.0), ("bankruptcy", -3.0), ("insolvency", -3.0), ("insolvent", -3.0),
        ("default", -2.2), ("defaulted", -2.5), ("lawsuit", -2.2), ("lawsuits", -2.2), ("sued", -2.0),
        ("sues", -1.8), ("litigation", -1.6), ("recall", -2.0), ("recalls", -2.0), ("recalled", -2.0),
        ("probe", -1.6), ("investigation", -1.4), ("fraud", -3.0), ("scandal", -2.6), ("fine", -0.5),
        ("fined", -2.0), ("penalty", -2.0), ("layoff", -2.2), ("layoffs", -2.2), ("laid", -1.2),
        ("redundancies", -2.0), ("redundancy", -1.8), ("dismissed", -1.4), ("furlough", -1.8),
        ("closure", -1.8), ("close", -0.2), ("shut", -1.4), ("shutdown", -2.0), ("halt", -1.6),
        ("halted", -1.8), ("suspend", -1.6), ("suspended", -1.8), ("delay", -1.6), ("delayed", -1.6),
        ("delays", -1.6), ("warning", -2.0), ("warns", -2.0), ("warned", -2.0), ("weak", -1.8),
        ("weaker", -2.0), ("weakest", -2.2), ("weakness", -2.0), ("weakened", -1.8), ("weaken", -1.6),
        ("slowdown", -2.0), ("slump", -2.4), ("slumped", -2.4), ("slumps", -2.4), ("plunge", -2.6),
        ("plunged", -2.6), ("plunges", -2.6), ("plummet", -2.8), ("plummeted", -2.8), ("tumble", -2.4),
        ("tumbled", -2.4), ("tumbles", -2.4), ("crash", -2.8), ("crashed", -2.8), ("sink", -2.0),
        ("sank", -2.0), ("sinks", -2.0), ("fall", -1.2), ("falls", -1.2), ("fell", -1.2), ("fallen", -1.2),
        ("falling", -1.2), ("decline", -1.2), ("declined", -1.2), ("declines", -1.2), ("declining", -1.2),
        ("decrease", -1.0), ("decreased", -1.1), ("decreases", -1.0), ("decreasing", -1.0), ("drop", -1.2),
        ("dropped", -1.3), ("drops", -1.2), ("down", -0.8), ("lower", -1.0), ("lowered", -1.2),
        ("dip", -1.0), ("dipped", -1.0), ("slip", -1.2), ("slipped", -1.2), ("slid", -1.4), ("slide", -1.2),
        ("shrink", -1.2), ("shrank", -1.2), ("shrunk", -1.2), ("halved", -1.8), ("diminished", -1.4),
        ("deteriorate", -1.8), ("deteriorated", -1.8), ("deterioration", -1.8), ("worsened", -2.0),
        ("worse", -1.8), ("cut", -1.0), ("cuts", -1.0), ("cutting", -1.0), ("reduce", -0.6),
        ("reduced", -0.8), ("reduces", -0.6), ("reduction", -0.6), ("reductions", -0.6), ("less", -0.6),
        ("smaller", -0.8), ("below", -1.0), ("narrowed", -0.6), ("narrow", -0.4), ("downturn", -2.0),
        ("recession", -2.2), ("negative", -1.8), ("pessimistic", -2.0), ("uncertainty", -1.6),
        ("uncertain", -1.4), ("volatile", -0.8), ("dilution", -1.6), ("dilutive", -1.6),
        ("impairment", -1.8), ("writedown", -1.8), ("writedowns", -1.8), ("downside", -1.6),
        ("shortfall", -2.0), ("deficit", -1.6), ("unprofitable", -2.2), ("difficult", -1.6),
        ("challenging", -1.4), ("pressure", -1.2), ("pressures", -1.2), ("losing", -1.6), ("lost", -1.6),
        ("lose", -1.4), ("loses", -1.4), ("loss", -1.8), ("losses", -1.8), ("dumping", -1.2), ("dump", -1.4),
        ("overvalued", -1.6), ("bubble", -1.4), ("crisis", -2.4), ("collapse", -2.8), ("collapsed", -2.8),
        ("bankruptcies", -2.6), ("terminated", -1.4), ("cancelled", -1.4), ("canceled", -1.4),
        ("postponed", -1.2), ("slowed", -1.2), ("slowing", -1.2), ("slower", -1.2), ("unemployment", -1.4), ("inflation", -0.8), ("layoff", -2.2),
        // neutralised VADER words that are routine in financial text
        ("share", 0), ("shares", 0), ("interest", 0), ("credit", 0), ("capital", 0), ("value", 0),
        ("security", 0), ("securities", 0), ("trust", 0), ("company", 0), ("companies", 0),
        ("solutions", 0), ("solution", 0), ("support", 0.3), ("help", 0.3), ("leading", 0.2),
        ("leader", 0.3), ("well", 0.2), ("please", 0), ("like", 0.2), ("care", 0), ("free", 0.3),
        ("pay", 0), ("payment", 0), ("cost", 0), ("costs", 0), ("charge", -0.3), ("charges", -0.3),
        ("demand", 0), ("liability", -0.2), ("liabilities", -0.2), ("risk", -0.4), ("risks", -0.4),
        ("stake", 0), ("want", 0), ("united", 0), ("hand", 0), ("no", -0.2), ("yes", 0.3), ("ok", 0.2),
        ("great", 1.6), ("best", 1.6), ("better", 1.4), ("good", 1.4), ("bad", -1.8),
    ]

    /// Change words: +1 up, -1 down.
    public static let direction: [(String, Int8)] = {
        var out: [(String, Int8)] = []
        let up = """
            rise rises rose risen rising increase increased increases increasing grew grow grows growing growth \
            gain gains gained up higher jump jumped jumps surge surged surges soar soared soars climb climbed \
            climbs improve improved improves improving improvement rebound rebounded boost boosted boosts doubled \
            tripled quadrupled expand expanded expands advance advanced advances strengthen strengthened \
            exceed exceeded exceeds raise raised raises lift lifted larger bigger more widened widen \
            outpaced above
            """
        let down = """
            fall falls fell fallen falling decline declined declines declining decrease decreased decreases \
            decreasing drop dropped drops down lower lowered dip dipped slip slipped slid slide sink sank sinks \
            plunge plunged plunges plummet plummeted tumble tumbled tumbles slump slumped slumps shrink shrank \
            shrunk halved diminished deteriorate deteriorated weaken weakened cut cuts cutting reduce reduced \
            reduces reduction reductions less smaller narrowed narrow below slowed slowing slower
            """
        for w in up.split(separator: " ") { out.append((String(w), 1)) }
        for w in down.split(separator: " ") { out.append((String(w), -1)) }
        return out
    }()

    /// Quantities whose rise is good (+1) or bad (-1).
    public static let quantity: [(String, Int8)] = {
        var out: [(String, Int8)] = []
        let good = """
            profit profits earnings income sales revenue revenues turnover ebit ebitda ebita eps margin margins \
            orders order demand dividend dividends price shares share stock stocks value production output \
            deliveries volume volumes result results performance capacity traffic customers subscribers \
            users productivity efficiency rating guidance outlook forecast backlog returns profitability \
            growth market exports cashflow liquidity occupancy bookings intake sentiment target targets \
            estimate estimates expectations forecasts
            """
        let bad = """
            loss losses cost costs expenses expense debt debts unemployment deficit writedown writedowns \
            impairment impairments charges layoffs redundancies liabilities provisions inventories \
            inventory headcount risk risks losing
            """
        for w in good.split(separator: " ") { out.append((String(w), 1)) }
        for w in bad.split(separator: " ") { out.append((String(w), -1)) }
        return out
    }()

    /// Intensity modifiers (VADER's scale: ±0.293 per booster).
    public static let boosters: [(String, Float)] = {
        var out: [(String, Float)] = []
        let incr = """
            absolutely amazingly awfully completely considerable considerably decidedly deeply enormous \
            enormously entirely especially exceptional exceptionally extreme extremely fully greatly highly \
            hugely incredible incredibly intensely major majorly most particularly purely quite really \
            remarkably so substantially thoroughly total totally tremendous tremendously utterly very \
            significantly significant sharply sharp strongly markedly dramatically steeply massive massively \
            huge
            """
        let decr = """
            almost barely hardly kinda little marginal marginally occasional occasionally partly scarce \
            scarcely slight slightly somewhat sorta modest modestly moderate moderately mildly
            """
        for w in incr.split(separator: " ") { out.append((String(w), 0.293)) }
        for w in decr.split(separator: " ") { out.append((String(w), -0.293)) }
        return out
    }()

    /// Negations (apostrophes are dropped by the tokenizer: "don't" is "dont").
    public static let negations = """
        aint arent cannot cant couldnt darent didnt doesnt dont hadnt hasnt havent isnt mightnt mustnt \
        neither neednt never none nope nor not nothing nowhere oughtnt shant shouldnt wasnt werent \
        without wont wouldnt rarely seldom no fails failed fail
        """.split(separator: " ").map(String.init)

    /// Emoji valence (the tokenizer keeps each pictographic scalar as a token).
    public static let emoji: [(String, Float)] = [
        ("\u{1F680}", 2.5), ("\u{1F4C8}", 2.0), ("\u{1F4C9}", -2.0), ("\u{1F402}", 1.5), ("\u{1F43B}", -1.5),
        ("\u{1F4B0}", 1.5), ("\u{1F525}", 1.2), ("\u{1F600}", 2.0), ("\u{1F602}", 1.2), ("\u{1F60D}", 2.5),
        ("\u{1F44D}", 2.0), ("\u{1F44E}", -2.0), ("\u{1F622}", -2.0), ("\u{1F62D}", -2.2), ("\u{1F621}", -2.5),
        ("\u{1F4A9}", -2.0), ("\u{1F911}", 2.0), ("\u{2705}", 1.0), ("\u{274C}", -1.2), ("\u{1F7E2}", 1.0),
        ("\u{1F534}", -1.0), ("\u{26A0}", -1.2), ("\u{1F64F}", 1.0), ("\u{1F48E}", 1.5), ("\u{1F480}", -1.5),
    ]

    /// Two-word phrases whose meaning differs from their words' (the second word is consumed).
    public static let phrases: [(String, String, Float)] = [
        ("short", "squeeze", 2.0), ("profit", "warning", -2.5), ("time", "high", 2.0), ("time", "highs", 2.0),
        ("time", "low", -2.0), ("time", "lows", -2.0), ("new", "high", 1.5), ("new", "highs", 1.5), ("new", "low", -1.5),
        ("new", "lows", -1.5), ("week", "high", 1.2), ("week", "low", -1.2), ("record", "high", 2.0),
        ("record", "low", -2.0), ("record", "loss", -2.5), ("record", "losses", -2.5), ("strong", "buy", 2.5),
        ("strong", "sell", -2.5), ("buy", "rating", 1.8), ("sell", "rating", -1.8), ("cost", "savings", 1.5),
        ("going", "concern", -2.0), ("sell", "off", -2.0), ("dead", "cat", -1.5), ("death", "cross", -2.0),
        ("golden", "cross", 2.0), ("job", "cuts", -2.0), ("cut", "jobs", -2.0), ("price", "target", 0),
    ]

    /// Words after which the clause carries more weight than before ("but", "however").
    public static let contrasts = ["but", "however", "yet", "although", "though", "despite", "nevertheless", "while"]
}
