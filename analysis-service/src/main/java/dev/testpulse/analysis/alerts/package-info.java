/**
 * Alerts, in four parts by seam, each using only those below it (PackageStructureTest enforces the direction):
 *
 * <pre>
 *   evaluation  ──► delivery ──► rules ──► state
 *        └──────────────────────►┘ └──────►┘
 * </pre>
 *
 * <ul>
 * <li>{@code state}: the pure state machine of one series (AlertStateMachine, SeriesState, Transition, Timing) and
 * the conditions that turn counts into a {@code Signal} (RateCondition, EarlyRunCondition, DurationRegressionCondition,
 * InverseNormal). No database ({@code java.sql}) and no CDI: unit-testable on its own.</li>
 * <li>{@code rules}: what a rule is (AlertKind, AlertRule and its Thresholds per kind, RuleRequest and RuleView at the
 * API's edge), its validation (RuleValidator, QuarantineParameters, Globs), and the tables of rules and silences
 * (RuleStore, DefaultRules, Silences).</li>
 * <li>{@code delivery}: what leaves the service once a series fired or resolved: the transactional outbox
 * (AlertOutbox), its relay to Kafka (OutboxRelay), the live feed (AlertFeed) and the event's shape (CloudEvent).</li>
 * <li>{@code evaluation}: where rules meet the database: one signal source per alert kind (SignalSource), the
 * evaluation of a batch or a tick (AlertEvaluator, InboxEvaluation, AlertClock), the series' rows (SeriesStore), the
 * project locks, and the rule changes that evaluate at once (RuleLifecycle).</li>
 * </ul>
 */
package dev.testpulse.analysis.alerts;
