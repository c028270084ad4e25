package dev.testpulse.analysis.consume;

/**
 * Where a partition resumes, given the position PostgreSQL stored and the log Kafka has now. A stored position
 * outside the log means either the log lost records before they were counted (retention deleted them) or the topic
 * was recreated or truncated (the stored position lies past its end).
 */
record ResumePosition(long offset, Case kind, long lostRecords) {

    enum Case {
        /** Nothing stored: a partition never consumed by this group starts at the beginning of its log. */
        FROM_START,
        /** The stored position is inside the log: resume exactly there. */
        STORED,
        /** The log starts after the stored position: {@code lostRecords} were deleted uncounted. */
        BEHIND_LOG_START,
        /** The stored position is past the end: the topic was recreated; start over, outcome ids prevent double counts. */
        PAST_LOG_END
    }

    static ResumePosition of(Long stored, long logStart, long logEnd) {
        if (stored == null) {
            return new ResumePosition(logStart, Case.FROM_START, 0);
        }
        if (stored < logStart) {
            return new ResumePosition(logStart, Case.BEHIND_LOG_START, logStart - stored);
        }
        if (stored > logEnd) {
            return new ResumePosition(logStart, Case.PAST_LOG_END, 0);
        }
        return new ResumePosition(stored, Case.STORED, 0);
    }
}
