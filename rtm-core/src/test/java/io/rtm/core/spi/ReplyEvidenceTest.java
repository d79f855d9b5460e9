package io.rtm.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The guard's rules from replies, in exact nanoseconds (window 1 s, spread 20 ms). */
class ReplyEvidenceTest {

    private static final long MS = 1_000_000L;
    private static final long W = 1_000 * MS;
    private static final long J = 20 * MS;

    @Test
    void aReplyAsFastAsTheFloorCountsWithinTheSpread() {
        ReplyEvidence e = new ReplyEvidence();
        assertThat(e.countedAfter(500 * MS, 0, J, false)).isEqualTo(J);
        assertThat(e.countedAfter(510 * MS, MS, J, false)).isEqualTo(J);
    }

    @Test
    void aReplyLaterThanTheFloorByMoreThanTheSpreadCountsThatMuchLater() {
        ReplyEvidence e = new ReplyEvidence();
        e.countedAfter(500 * MS, 0, J, false);
        assertThat(e.countedAfter(650 * MS, MS, J, false)).isEqualTo(150 * MS);
    }

    @Test
    void neverLaterThanTheReplyItself() {
        ReplyEvidence e = new ReplyEvidence();
        assertThat(e.countedAfter(5 * MS, 0, J, false)).isEqualTo(5 * MS);
    }

    @Test
    void aWaitForAckReplyTellsNothingAndIsNotRecorded() {
        ReplyEvidence e = new ReplyEvidence();
        e.countedAfter(10 * MS, 0, J, false);
        assertThat(e.countedAfter(800 * MS, MS, J, true)).isEqualTo(J);
        assertThat(e.runningHoldNanos(2 * MS, J, W, false)).as("no lateness recorded from the ack").isEqualTo(2 * W + J);
        assertThat(e.runningHoldNanos(2 * MS, J, W, true)).isEqualTo(W + J);
    }

    @Test
    void aRunningCallWaitsForItsReplyWhileRepliesComeWithinAWindowOrNoneCameYet() {
        ReplyEvidence e = new ReplyEvidence();
        assertThat(e.runningHoldNanos(0, J, W, false)).as("no reply yet (a cold start): wait for it").isEqualTo(2 * W + J);
        e.countedAfter(300 * MS, 0, J, false);
        assertThat(e.runningHoldNanos(MS, J, W, false)).isEqualTo(2 * W + J);
        e.countedAfter(450 * MS, 2 * MS, J, false);
        assertThat(e.runningHoldNanos(3 * MS, J, W, false)).as("widened by the 150 ms lateness seen").isEqualTo(2 * W + 150 * MS);
    }

    @Test
    void repliesSlowerThanAWindowLeaveRunningCallsToTheAssumption() {
        ReplyEvidence e = new ReplyEvidence();
        e.countedAfter(1_500 * MS, 0, J, false);
        assertThat(e.runningHoldNanos(MS, J, W, false)).isEqualTo(W + J);
    }

    @Test
    void forgetsRepliesOlderThanTenSeconds() {
        ReplyEvidence e = new ReplyEvidence();
        e.countedAfter(100 * MS, 0, J, false);
        e.countedAfter(400 * MS, MS, J, false);                // 300 ms late
        assertThat(e.runningHoldNanos(6_000 * MS, J, W, false)).isEqualTo(2 * W + 300 * MS); // previous bucket still counts
        assertThat(e.runningHoldNanos(16_000 * MS, J, W, false)).isEqualTo(2 * W + J);      // both forgotten: as at the start
    }
}
