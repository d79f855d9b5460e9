package io.rtm.emulator.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension's options may ask history for "in progress" answers, so that a test exercises polling. */
class ExtensionHistoryPollingTest {

    @RegisterExtension
    RtmEmulatorExtension polling = RtmEmulatorExtension.builder().options(b -> b.historyInProgressReplies(1)).build();

    @Test
    void historyAnswersInProgressFirstWhenTheOptionsSaySo() throws Exception {
        assertThat(ExtensionHistoryEventsTest.firstReadOfAQuery(polling)).isEqualTo("in progress");
    }
}
