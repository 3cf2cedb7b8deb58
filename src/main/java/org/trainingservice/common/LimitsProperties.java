package org.trainingservice.common;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits that keep one client from hurting the others ({@code training.limits.*}); each is enforced at submission
 * with an error that names it.
 */
@ConfigurationProperties("training.limits")
public record LimitsProperties(
        @DefaultValue("1000") int maxEpochs,
        @DefaultValue("2048") int maxHiddenUnits,
        @DefaultValue("5000000") long maxParameters,
        @DefaultValue("100000") int maxSamples,
        @DefaultValue("10") int maxFolds,
        @DefaultValue("20") int maxMembers,
        @DefaultValue("50") int maxRounds,
        @DefaultValue("8192") int maxBatchSize,
        @DefaultValue("20") int maxQueuedPerTenant,
        @DefaultValue("2") int maxRunningPerTenant,
        @DefaultValue("1MB") DataSize maxRequestBody,
        @DefaultValue("200") int maxTrials,
        @DefaultValue("8") int maxConcurrentTrials) {
}
