import Foundation
import MarketData
import PropertyBased
import Testing
import TradingCore

/// A valid civil date (the generators only build valid ones).
func civil(_ year: Int, _ month: Int, _ day: Int) -> LocalDate {
    LocalDate(year: year, month: month, day: day) ?? LocalDate(daysSinceEpoch: 0)
}

/// Properties of the NYSE calendar and of aligning posts to bars, over generated dates, series
/// and posts (swift-property-based: a failure is shrunk to a small case and reported with a seed).
@Suite struct CalendarProperties {
    let calendar = NYSECalendar()
    /// 1990-01-01 … 2035-12-31, the span the holiday rules cover.
    static let days = Gen.int(in: civil(1990, 1, 1).daysSinceEpoch...civil(2035, 12, 31).daysSinceEpoch)

    @Test func sessionsAreWeekdaysFrom0930To1600Or1300NewYork() async {
        await propertyCheck(count: 2_000, input: Self.days) { day in
            let date = LocalDate(daysSinceEpoch: day)
            guard let s = calendar.session(on: date) else { return }
            #expect(!date.isWeekend)
            #expect(s.open == date.instant(hour: 9, minute: 30, in: .newYork))
            #expect(s.close == date.instant(hour: s.isEarlyClose ? 13 : 16, in: .newYork))
            #expect(s.date == date)
        }
    }

    @Test func aPostBelongsToTheFirstSessionClosingAtOrAfterIt() async {
        await propertyCheck(count: 1_000, input: Self.days, Gen.int(in: 0..<86_400)) { day, second in
            let instant = Date(timeIntervalSince1970: Double(day) * 86_400 + Double(second))
            let s = calendar.firstSession(closingAtOrAfter: instant)
            #expect(s.close >= instant)
            // No session closes between the instant and the one chosen.
            var d = LocalDate(instant, in: calendar.timeZone).adding(days: -1)
            while d < s.date {
                if let other = calendar.session(on: d) { #expect(other.close < instant, "\(other.date) closes between") }
                d = d.adding(days: 1)
            }
        }
    }

    @Test func nextSessionSkipsOnlyClosedDays() async {
        await propertyCheck(count: 1_000, input: Self.days) { day in
            let date = LocalDate(daysSinceEpoch: day)
            let next = calendar.nextSession(after: date)
            #expect(next.date > date)
            #expect(next.date.daysSinceEpoch - date.daysSinceEpoch <= 5, "a gap of more than four closed days")
            var d = date.adding(days: 1)
            while d < next.date {
                #expect(!calendar.isTradingDay(d))
                d = d.adding(days: 1)
            }
        }
    }

    @Test func everyYearHasAboutTwoHundredFiftySessions() async {
        await propertyCheck(count: 46, input: Gen.int(in: 1990...2035)) { year in
            let n = calendar.sessions(from: civil(year, 1, 1), to: civil(year, 12, 31)).count
            #expect((245...254).contains(n), "\(year): \(n) sessions")
        }
    }
}

@Suite struct PostAlignmentProperties {
    /// A daily series of `length` consecutive NYSE sessions from `startDay`, and posts at offsets
    /// (seconds) around it.
    static func series(startDay: Int, length: Int) -> BarSeries {
        let calendar = NYSECalendar()
        var date = LocalDate(daysSinceEpoch: startDay)
        if !calendar.isTradingDay(date) { date = calendar.nextSession(after: date).date }
        var bars: [Bar] = []
        for _ in 0..<length {
            bars.append(Bar(time: date.instant(hour: 0, in: .newYork), open: 10, high: 11, low: 9, close: 10, volume: 1))
            date = calendar.nextSession(after: date).date
        }
        return BarSeries(symbol: "PROP", bars: bars)
    }

    @Test func everyPostInformsOneDecisionAtOrAfterItAndNoneIsLost() async {
        let starts = Gen.int(in: civil(2000, 1, 1).daysSinceEpoch...civil(2030, 1, 1).daysSinceEpoch)
        let offsets = Gen.int(in: -5 * 86_400...70 * 86_400).array(of: 0...60)
        await propertyCheck(count: 300, input: starts, Gen.int(in: 1...40), offsets) { start, length, offsets in
            let series = Self.series(startDay: start, length: length)
            let origin = series.bars[0].time
            let posts = offsets.enumerated().map { k, offset in
                Post(id: "p\(k)", time: origin.addingTimeInterval(Double(offset)), text: "t", source: .x)
            }
            let aligner = PostAligner()
            let aligned = aligner.align(posts, to: series)
            let decisions = aligner.decisionTimes(for: series)
            #expect(aligned.byBar.count == series.count)
            #expect(aligned.byBar.map(\.count).reduce(0, +) + aligned.beforeRange + aligned.afterRange == posts.count)
            for (i, bucket) in aligned.byBar.enumerated() {
                for post in bucket {
                    #expect(post.time <= decisions[i], "post at \(post.time) informs the decision at \(decisions[i]): look-ahead")
                    if i > 0 { #expect(post.time > decisions[i - 1], "post belonged to the earlier decision") }
                }
                // Input order is kept inside a bar.
                let ids = bucket.compactMap { Int($0.id.dropFirst()) }
                #expect(ids == ids.sorted())
            }
            // The posts counted after the range are exactly those after the last decision.
            #expect(aligned.afterRange == posts.filter { $0.time > decisions[decisions.count - 1] }.count)
        }
    }
}
