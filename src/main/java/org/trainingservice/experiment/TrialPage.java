package org.trainingservice.experiment;

import java.util.List;

/** A page of the leaderboard; the same shape as every list of the API. */
record TrialPage(List<LeaderboardRow> items, int page, int size, long totalItems, int totalPages) {
}
