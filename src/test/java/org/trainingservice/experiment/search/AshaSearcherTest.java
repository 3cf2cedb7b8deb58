package org.trainingservice.experiment.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AshaSearcherTest {

    private static final SearchSpace SPACE = new SearchSpace(Map.of("optimizer.learningRate",
            new LogUniform(1e-4, 1e-1)));

    private static Searcher asha(int maxTrials, int minEpochs, int eta, int maxEpochs, Direction direction) {
        return Searchers.create(SPACE, new SearcherSettings(SearcherType.ASHA, maxTrials, 4, 7L, minEpochs, eta, 0,
                maxEpochs), direction);
    }

    private static List<TrialView> proposeAll(Searcher searcher, int count) {
        List<TrialView> trials = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Decision d = searcher.next(trials);
            assertThat(d).isInstanceOf(Propose.class);
            trials = Trial.apply(trials, d);
        }
        return trials;
    }

    @Test
    void rungsAreMinEpochsTimesPowersOfTheFactorBelowMaxThenMax() {
        assertThat(AshaSearcher.rungs(1, 3, 27)).containsExactly(1, 3, 9, 27);
        assertThat(AshaSearcher.rungs(2, 3, 20)).containsExactly(2, 6, 18, 20);
        assertThat(AshaSearcher.rungs(1, 2, 8)).containsExactly(1, 2, 4, 8);
        assertThat(AshaSearcher.rungs(1, 3, 28)).containsExactly(1, 3, 9, 27, 28);
        assertThat(AshaSearcher.rungs(5, 3, 5)).containsExactly(5);
        assertThat(AshaSearcher.rungs(1, 4, 2)).containsExactly(1, 2);
    }

    @Test
    void theIssuesSequenceOfRungZeroLossesPromotesTheTopThirdAsTheyArrive() {
        Searcher searcher = asha(6, 1, 3, 27, Direction.MINIMIZE);
        List<TrialView> trials = proposeAll(searcher, 6);
        double[] losses = {5, 3, 4, 1, 2, 6};
        List<Decision> decisions = new ArrayList<>();
        for (int i = 0; i < losses.length; i++) {
            trials = Trial.pauseAt(trials, i + 1, 1, losses[i]);
            Decision d = searcher.next(trials);
            decisions.add(d);
            if (d instanceof Promote) {
                trials = Trial.apply(trials, d);
            }
        }
        // after 5 and 3: fewer than 3 reported, nobody is in a top third; after 4: the 3 (trial 2) goes on to epoch 3;
        // after 1: the 1 (trial 4); after 2: the top 1 of 5 is trial 4, already promoted; after 6: the 2 (trial 5)
        assertThat(decisions).containsExactly(new Wait(), new Wait(), new Promote(2, 3), new Promote(4, 3),
                new Wait(), new Promote(5, 3));
    }

    @Test
    void newTrialsPauseAtTheFirstRungAndAreTheRandomSearchersDraws() {
        Searcher searcher = asha(3, 2, 3, 20, Direction.MINIMIZE);
        Searcher random = Searchers.create(SPACE, new SearcherSettings(SearcherType.RANDOM, 3, 4, 7L, 0, 0, 0, 0),
                Direction.MINIMIZE);
        List<TrialView> trials = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Propose p = (Propose) searcher.next(trials);
            assertThat(p.pauseAtEpoch()).isEqualTo(2);
            assertThat(p.hyperparameters()).isEqualTo(((Propose) random.next(trials)).hyperparameters());
            trials = Trial.apply(trials, p);
        }
        assertThat(searcher.next(trials)).isEqualTo(new Wait());
    }

    @Test
    void aSingleRungTrainsToTheEndWithoutPausing() {
        Searcher searcher = asha(2, 5, 3, 5, Direction.MINIMIZE);
        Propose p = (Propose) searcher.next(List.of());
        assertThat(p.pauseAtEpoch()).isNull();
    }

    @Test
    void promotionToTheTopRungTrainsToTheEndAndTheMiddleRungPausesAtTheNext() {
        Searcher searcher = asha(9, 1, 3, 9, Direction.MINIMIZE);
        List<TrialView> trials = new ArrayList<>();
        for (int n = 1; n <= 9; n++) {
            trials.add(Trial.rungs(n, TrialPhase.PAUSED, 1, n));
        }
        // 9 at rung 1: top 3 are trials 1, 2, 3; trial 1 first
        assertThat(searcher.next(trials)).isEqualTo(new Promote(1, 3));
        List<TrialView> later = new ArrayList<>(trials);
        later.set(0, Trial.rungs(1, TrialPhase.PAUSED, 1, 1, 3, 0.5));
        later.set(1, Trial.rungs(2, TrialPhase.PAUSED, 1, 2, 3, 0.7));
        later.set(2, Trial.rungs(3, TrialPhase.PAUSED, 1, 3, 3, 0.6));
        // rung 3 (second-highest) comes first: 3 reported, top 1 is trial 1, promoted to the end (epoch 9 = max)
        assertThat(searcher.next(later)).isEqualTo(new Promote(1, null));
    }

    @Test
    void aHigherRungIsPromotedBeforeALowerOne() {
        Searcher searcher = asha(9, 1, 3, 27, Direction.MINIMIZE);
        List<TrialView> trials = List.of(
                Trial.rungs(1, TrialPhase.PAUSED, 1, 9, 3, 0.3),
                Trial.rungs(2, TrialPhase.RUNNING, 1, 8, 3, 0.4),
                Trial.rungs(3, TrialPhase.RUNNING, 1, 7, 3, 0.5),
                Trial.rungs(4, TrialPhase.PAUSED, 1, 1),
                Trial.rungs(5, TrialPhase.PAUSED, 1, 10),
                Trial.rungs(6, TrialPhase.PAUSED, 1, 11));
        // rung 1: 6 reported, top 2 = trials 4 (1) and 3 (7); trial 4 promotable; but rung 3 has 3 reports and
        // trial 1 is its best and paused
        assertThat(searcher.next(trials)).isEqualTo(new Promote(1, 9));
        List<TrialView> without = new ArrayList<>(trials);
        without.set(0, Trial.rungs(1, TrialPhase.RUNNING, 1, 9, 3, 0.3));
        assertThat(searcher.next(without)).isEqualTo(new Promote(4, 3));
    }

    @Test
    void aLaterReportMakesAnEarlierPausedTrialPromotable() {
        Searcher searcher = asha(3, 1, 3, 27, Direction.MINIMIZE);
        List<TrialView> trials = List.of(
                Trial.rungs(1, TrialPhase.PAUSED, 1, 0.2),
                Trial.rungs(2, TrialPhase.PAUSED, 1, 0.5),
                Trial.rungs(3, TrialPhase.RUNNING));
        assertThat(searcher.next(trials)).isEqualTo(new Wait());
        List<TrialView> reported = Trial.pauseAt(trials, 3, 1, 0.9);
        assertThat(searcher.next(reported)).isEqualTo(new Promote(1, 3));
    }

    @Test
    void maximizePromotesTheHighestValue() {
        List<TrialView> trials = List.of(
                Trial.rungs(1, TrialPhase.PAUSED, 1, 0.2),
                Trial.rungs(2, TrialPhase.PAUSED, 1, 0.9),
                Trial.rungs(3, TrialPhase.PAUSED, 1, 0.5));
        assertThat(asha(3, 1, 3, 27, Direction.MAXIMIZE).next(trials)).isEqualTo(new Promote(2, 3));
        assertThat(asha(3, 1, 3, 27, Direction.MINIMIZE).next(trials)).isEqualTo(new Promote(1, 3));
    }

    @Test
    void tiesGoToTheLowerTrialNumberWhateverTheListOrder() {
        List<TrialView> trials = List.of(
                Trial.rungs(3, TrialPhase.PAUSED, 1, 0.5),
                Trial.rungs(2, TrialPhase.PAUSED, 1, 0.5),
                Trial.rungs(1, TrialPhase.PAUSED, 1, 0.7));
        assertThat(asha(3, 1, 3, 27, Direction.MINIMIZE).next(trials)).isEqualTo(new Promote(2, 3));
    }

    @Test
    void aFailedTrialsReportCountsAndHoldsItsPlace() {
        Searcher searcher = asha(3, 1, 3, 27, Direction.MINIMIZE);
        List<TrialView> trials = List.of(
                Trial.rungs(1, TrialPhase.FAILED, 1, 0.1),
                Trial.rungs(2, TrialPhase.PAUSED, 1, 0.5),
                Trial.rungs(3, TrialPhase.PAUSED, 1, 0.6));
        // n = 3 with the failed trial's value: the top 1 is the failed trial, so nobody is promoted
        assertThat(searcher.next(trials)).isEqualTo(new Complete("all 3 trials (searcher.maxTrials) were proposed "
                + "and no paused trial is in the top 1/3 of its rung"));
        List<TrialView> six = new ArrayList<>(trials);
        six.add(Trial.rungs(4, TrialPhase.CANCELLED, 1, 0.9));
        six.add(Trial.rungs(5, TrialPhase.PAUSED, 1, 0.8));
        six.add(Trial.rungs(6, TrialPhase.PAUSED, 1, 0.7));
        // n = 6: top 2 = trials 1 (failed) and 2
        assertThat(searcher.next(six)).isEqualTo(new Promote(2, 3));
    }

    @Test
    void aTrialPausedAtAHigherRungIsNotPromotedFromALowerOne() {
        Searcher searcher = asha(3, 1, 3, 27, Direction.MINIMIZE);
        List<TrialView> trials = List.of(
                Trial.rungs(1, TrialPhase.PAUSED, 1, 0.1, 3, 0.4),
                Trial.rungs(2, TrialPhase.PAUSED, 1, 0.5),
                Trial.rungs(3, TrialPhase.PAUSED, 1, 0.6));
        // trial 1 is the rung-1 top but sits at rung 3 (one report there: no top third yet)
        assertThat(searcher.next(trials)).isInstanceOf(Complete.class);
    }

    @Test
    void maxTrialsStopsProposingThenWaitsWhileActiveThenCompletes() {
        Searcher searcher = asha(2, 1, 3, 27, Direction.MINIMIZE);
        List<TrialView> trials = proposeAll(searcher, 2);
        assertThat(searcher.next(trials)).isEqualTo(new Wait());
        trials = Trial.pauseAt(trials, 1, 1, 0.3);
        assertThat(searcher.next(trials)).isEqualTo(new Wait());
        trials = Trial.pauseAt(trials, 2, 1, 0.4);
        assertThat(searcher.next(trials)).isEqualTo(new Complete("all 2 trials (searcher.maxTrials) were proposed "
                + "and no paused trial is in the top 1/3 of its rung"));
    }

    @Test
    void whileUnderMaxTrialsANewTrialIsProposedWhenNothingIsPromotable() {
        Searcher searcher = asha(5, 1, 3, 27, Direction.MINIMIZE);
        List<TrialView> trials = List.of(Trial.rungs(1, TrialPhase.PAUSED, 1, 0.3),
                Trial.rungs(2, TrialPhase.PAUSED, 1, 0.4));
        Decision d = searcher.next(trials);
        assertThat(d).isInstanceOf(Propose.class);
        assertThat(((Propose) d).pauseAtEpoch()).isEqualTo(1);
    }

    @Test
    void aNaNReportDoesNotCountAtItsRung() {
        Searcher searcher = asha(3, 1, 3, 27, Direction.MINIMIZE);
        List<TrialView> trials = List.of(
                Trial.rungs(1, TrialPhase.PAUSED, 1, 0.1),
                Trial.rungs(2, TrialPhase.PAUSED, 1, 0.5),
                Trial.rungs(3, TrialPhase.PAUSED, 1, Double.NaN));
        assertThat(searcher.next(trials)).isInstanceOf(Complete.class);
    }

    @Test
    void aFullRunTrainsTheBestTrialToTheEndAndStopsTheRest() {
        Searcher searcher = asha(9, 1, 3, 9, Direction.MINIMIZE);
        List<TrialView> trials = new ArrayList<>();
        int epochs = 0;
        int finished = 0;
        while (true) {
            Decision d = searcher.next(trials);
            if (d instanceof Complete) {
                break;
            }
            if (d instanceof Wait) {
                // the oldest active trial reports: loss = trial number / epoch, so trial 1 is best everywhere
                TrialView t = trials.stream().filter(x -> x.phase().isActive()).findFirst().orElseThrow();
                int from = t.highestRung();
                int to = from == 0 ? 1 : from == 1 ? 3 : 9;
                epochs += to - from;
                if (to == 9) {
                    trials = Trial.replace(trials, new TrialView(t.number(), t.hyperparameters(),
                            TrialPhase.SUCCEEDED, t.rungValues(), t.number() / 9.0));
                    finished++;
                } else {
                    trials = Trial.pauseAt(trials, t.number(), to, t.number() / (double) to);
                }
                continue;
            }
            trials = Trial.apply(trials, d);
        }
        // 9 trials to epoch 1, the top 3 (trials 1-3) on to epoch 3, the top 1 (trial 1) to epoch 9
        assertThat(epochs).isEqualTo(9 + 3 * 2 + 6);
        assertThat(finished).isEqualTo(1);
        assertThat(Trial.find(trials, 1).phase()).isEqualTo(TrialPhase.SUCCEEDED);
        assertThat(trials.stream().filter(t -> t.phase() == TrialPhase.PAUSED && t.highestRung() == 3)
                .map(TrialView::number)).containsExactly(2, 3);
        assertThat(trials.stream().filter(t -> t.phase() == TrialPhase.PAUSED && t.highestRung() == 1)
                .map(TrialView::number)).containsExactly(4, 5, 6, 7, 8, 9);
    }
}
