package dev.testpulse.analysis.insights;

import java.util.List;

import dev.testpulse.analysis.rates.Counts;

/**
 * What reaching the target takes: how many more executions must pass, which single failure groups would get there
 * if fixed, and how many of the costliest groups it takes together (null when even all of them fall short).
 */
public record TargetPlan(double targetPct, boolean reached, long passesNeeded, List<String> groupsReachingAlone,
        Integer costliestGroupsNeeded, Double ratePctWithThoseFixed) {

    public static TargetPlan of(Counts counts, double target, List<FailureGroup> byCost) {
        long needed = Projection.passesToReach(counts, target);
        List<String> alone = byCost.stream().filter(group -> needed > 0 && group.failures() >= needed)
                .map(FailureGroup::signature).toList();
        Integer together = null;
        long fixed = 0;
        for (int i = 0; i < byCost.size() && needed > 0; i++) {
            fixed += byCost.get(i).failures();
            if (fixed >= needed) {
                together = i + 1;
                break;
            }
        }
        return new TargetPlan(Projection.round1(target * 100), needed == 0, needed, alone, together,
                together == null ? null : Projection.ratePctIfFixed(counts, fixed));
    }
}
