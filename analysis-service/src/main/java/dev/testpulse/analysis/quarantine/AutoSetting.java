package dev.testpulse.analysis.quarantine;

/** Whether the project's auto_quarantine rule runs: {@code GET/PUT /api/v1/projects/{p}/quarantine/auto}. */
public record AutoSetting(String project, Boolean enabled) {
}
