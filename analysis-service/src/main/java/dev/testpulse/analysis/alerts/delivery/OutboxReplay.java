package dev.testpulse.analysis.alerts.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.testpulse.shared.http.LogSafe;

/** What a reconnecting stream client missed, from the outbox table ({@code alert_events}) when memory no longer has it. */
@ApplicationScoped
public class OutboxReplay {

    private static final Logger LOG = Logger.getLogger(OutboxReplay.class);

    private final DataSource dataSource;
    private final AlertOutbox outbox;

    public OutboxReplay(DataSource dataSource, AlertOutbox outbox) {
        this.dataSource = dataSource;
        this.outbox = outbox;
    }

    /**
     * Published events written after {@code lastEventId} (of one project, or all when null), oldest first; none when
     * that id is unknown (pruned, or never ours).
     */
    public List<AlertFeed.FeedEvent> publishedAfter(String lastEventId, String project, int limit) {
        List<AlertFeed.FeedEvent> events = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("""
                        select e.id, e.project, e.cloud_event::text from alert_events e
                        where e.seq > (select seq from alert_events where id = ?) and e.sent_at is not null
                          and (?::text is null or e.project = ?) order by e.seq limit ?""")) {
            query.setString(1, lastEventId);
            query.setString(2, project);
            query.setString(3, project);
            query.setInt(4, limit);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    String json = outbox.normalise(rs.getString(3));
                    if (json != null) {
                        events.add(new AlertFeed.FeedEvent(rs.getString(1), rs.getString(2), json));
                    }
                }
            }
        } catch (SQLException e) {
            LOG.warnf("alert stream: events after %s not read from the outbox: %s", LogSafe.text(lastEventId), e.toString());
        }
        return events;
    }
}
