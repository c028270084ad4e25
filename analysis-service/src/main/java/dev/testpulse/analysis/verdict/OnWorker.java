package dev.testpulse.analysis.verdict;

import java.sql.SQLException;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** Runs one blocking database read on a worker thread, off the event loop a waiting verdict request lives on. */
final class OnWorker {

    /** A read that may throw what JDBC throws. */
    interface Read<T> {
        T run() throws SQLException;
    }

    private OnWorker() {
    }

    /** A SQLException fails the Uni as it is, so the problem mapper answers it (503 when the database is away). */
    static <T> Uni<T> read(Read<T> read) {
        return Uni.createFrom().<T>emitter(emitter -> {
            try {
                emitter.complete(read.run());
            } catch (SQLException e) {
                emitter.fail(e);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
