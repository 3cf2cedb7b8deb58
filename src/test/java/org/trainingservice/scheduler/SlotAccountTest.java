package org.trainingservice.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlotAccountTest {

    @Test
    void aReplacementStartsAtOnceOnlyWhileASlotIsFreeAndIsOwedToTheNextJobsEndOtherwise() {
        SlotAccount account = new SlotAccount();
        account.reset(2);
        account.jobStarted();
        assertThat(account.replaceNow()).as("one of two slots busy: a next job could use it").isTrue();
        account.jobStarted();
        assertThat(account.replaceNow()).as("both busy").isFalse();
        assertThat(account.jobEnded()).as("the one owed").isTrue();
        assertThat(account.jobEnded()).as("nothing owed any more").isFalse();
        account.jobStarted();
        assertThat(account.replaceNow()).isTrue();
    }

    @Test
    void aRestartedPoolOwesNothingButStillCountsTheJobsUnderWay() {
        SlotAccount account = new SlotAccount();
        account.reset(1);
        account.jobStarted();
        assertThat(account.replaceNow()).isFalse();
        account.reset(1);
        assertThat(account.jobEnded()).as("what was owed went with the old pool").isFalse();
        account.jobStarted();
        account.reset(2);
        account.jobStarted();
        assertThat(account.replaceNow()).as("the job from before the reset and this one: both slots busy").isFalse();
    }
}
