package org.trainingservice.common;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits that keep one client from hurting the others ({@code training.limits.*}); each is enforced where the request
 * is read (bodies, uploads) or submitted (specs), with an error that names it.
 *
 * @param maxJsonDepth      how deeply a JSON body may nest; the service's own documents need fewer than 10 levels
 * @param maxInflatedUpload what an uploaded file may become once un-gzipped (an IDX file's declared size included)
 * @param maxCsvColumns     columns of an uploaded CSV
 * @param maxCsvLineLength  characters of one CSV record (a line, or more where a quoted field holds line breaks)
 * @param maxTrials         trials of one experiment
 * @param maxConcurrentTrials trials of one experiment queued or running at once
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
        @DefaultValue("100") int maxJsonDepth,
        @DefaultValue("256MB") DataSize maxInflatedUpload,
        @DefaultValue("10000") int maxCsvColumns,
        @DefaultValue("1000000") int maxCsvLineLength,
        @DefaultValue("200") int maxTrials,
        @DefaultValue("8") int maxConcurrentTrials) {
}
