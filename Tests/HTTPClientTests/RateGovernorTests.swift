import HTTPClient
import Testing

/// Token-bucket arithmetic, checked with a manual clock: no test waits for real.
struct RateGovernorTests {
    @Test func fullBucketServesCapacityThenWaitsForRefill() async {
        let time = ManualTimeSource()
        let governor = RateGovernor(capacity: 5, refillPerSecond: 2, timeSource: time.timeSource)

        for _ in 0..<5 { await governor.acquire() }
        #expect(time.sleeps.isEmpty)

        await governor.acquire()
        #expect(time.sleeps == [.milliseconds(500)])
        #expect(await governor.availableTokens < 1e-6)
    }

    @Test func tokensRefillWithElapsedTimeUpToCapacity() async {
        let time = ManualTimeSource()
        let governor = RateGovernor(capacity: 40, refillPerSecond: 2, initialTokens: 0, timeSource: time.timeSource)

        time.advance(by: .seconds(3))
        #expect(await governor.availableTokens == 6)

        time.advance(by: .seconds(100))
        #expect(await governor.availableTokens == 40)
    }

    @Test func costlyRequestWaitsForEnoughTokens() async {
        let time = ManualTimeSource()
        let governor = RateGovernor(capacity: 1000, refillPerSecond: 50, initialTokens: 100, timeSource: time.timeSource)

        await governor.acquire(cost: 250)

        // 150 tokens short at 50 per second.
        #expect(time.sleeps == [.seconds(3)])
        #expect(await governor.availableTokens < 1e-6)
    }

    @Test func costAboveCapacityTakesTheWholeBucket() async {
        let time = ManualTimeSource()
        let governor = RateGovernor(capacity: 2, refillPerSecond: 1, timeSource: time.timeSource)

        await governor.acquire(cost: 10)

        #expect(time.sleeps.isEmpty)
        #expect(await governor.availableTokens == 0)
    }

    @Test func platformUpdateReplacesTheBucket() async {
        let time = ManualTimeSource()
        let governor = RateGovernor(capacity: 10, refillPerSecond: 10, timeSource: time.timeSource)

        // X-Shopify-Shop-Api-Call-Limit: 40/40 on a REST bucket that leaks 2 per second.
        await governor.update(available: 0, capacity: 40, restoreRate: 2)
        #expect(await governor.capacity == 40)
        #expect(await governor.refillPerSecond == 2)

        await governor.acquire()
        #expect(time.sleeps == [.milliseconds(500)])
    }

    @Test func updateClampsAvailableToCapacity() async {
        let time = ManualTimeSource()
        let governor = RateGovernor(capacity: 10, refillPerSecond: 1, timeSource: time.timeSource)

        await governor.update(available: 500)

        #expect(await governor.availableTokens == 10)
    }

    @Test func pauseHoldsEveryAcquirerThenResumesWithWhatRefilled() async {
        let time = ManualTimeSource()
        let governor = RateGovernor(capacity: 40, refillPerSecond: 2, timeSource: time.timeSource)

        await governor.pause(for: 3)
        await governor.acquire()

        #expect(time.sleeps == [.seconds(3)])
        // Emptied by the pause, refilled for 3 s at 2 per second, minus the one just taken.
        #expect(await governor.availableTokens == 5)
    }
}
