import Foundation
import TradingCore

/// Assigns posts to the bar decisions they may inform, with no look-ahead.
///
/// A post counts for the first decision whose time is at or after its `created_at`: for daily
/// bars the session close (16:00 New York, 13:00 on early closes), so after-close, weekend and
/// holiday posts roll to the next session. Posts from before the first bar's decision window or
/// after the last decision are not assigned, and are counted.
public struct PostAligner: Sendable {
    public var calendar: any TradingCalendar

    public init(calendar: any TradingCalendar = NYSECalendar()) {
        self.calendar = calendar
    }

    /// Decision instants of the series' bars.
    public func decisionTimes(for series: BarSeries) -> [Date] {
        series.bars.map { calendar.decisionTime(forBarAt: $0.time, timeframe: series.timeframe) }
    }

    /// Groups `posts` by bar index of `series`.
    public func align(_ posts: [Post], to series: BarSeries) -> AlignedPosts {
        let decisions = decisionTimes(for: series)
        var buckets = [[Post]](repeating: [], count: decisions.count)
        var before = 0, after = 0
        guard let first = series.bars.first, let lastDecision = decisions.last else {
            return AlignedPosts(byBar: buckets, beforeRange: 0, afterRange: posts.count)
        }
        // The window of the first bar opens at the previous decision (the prior session's close
        // for daily bars, the bar's start for intraday bars).
        let firstWindowStart: Date
        if series.timeframe == .day {
            let date = LocalDate(first.time, in: calendar.timeZone)
            firstWindowStart = previousClose(before: date)
        } else {
            firstWindowStart = first.time
        }
        for post in posts {
            if post.time <= firstWindowStart { before += 1; continue }
            if post.time > lastDecision { after += 1; continue }
            // The first decision at or after the post (one exists: post.time ≤ lastDecision).
            buckets[decisions.firstIndex(atOrAfter: post.time)].append(post)
        }
        return AlignedPosts(byBar: buckets, beforeRange: before, afterRange: after)
    }

    private func previousClose(before date: LocalDate) -> Date {
        var d = date.adding(days: -1)
        for _ in 0..<30 {
            if let s = calendar.session(on: d) { return s.close }
            d = d.adding(days: -1)
        }
        return date.instant(hour: 0, in: calendar.timeZone)
    }
}

/// Posts grouped by the bar whose decision they inform.
public struct AlignedPosts: Sendable {
    /// `byBar[i]`: posts that count for bar i's decision, in input order.
    public var byBar: [[Post]]
    /// Posts older than the first bar's window.
    public var beforeRange: Int
    /// Posts newer than the last decision (they would inform a decision not in the data).
    public var afterRange: Int

    public var assignedCount: Int { byBar.reduce(0) { $0 + $1.count } }
}
