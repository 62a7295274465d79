package com.example.accounts.service;

import com.example.accounts.model.Transfer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import javax.persistence.EntityManager;
import javax.persistence.TypedQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class TransferService {
    private static final Logger log = LoggerFactory.getLogger(TransferService.class);
    private static final String TRANSFER_COLUMNS = "id, from_account, to_account, amount, state";

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final EntityManager em;
    private final ExecutorService executor;

    public TransferService(JdbcTemplate jdbc, NamedParameterJdbcTemplate named, EntityManager em, ExecutorService executor) {
        this.jdbc = jdbc;
        this.named = named;
        this.em = em;
        this.executor = executor;
    }

    @Transactional
    public void transfer(long from, long to, BigDecimal amount) {
        int debited = jdbc.update("UPDATE accounts SET balance = balance - ? WHERE id = ? AND balance >= ?", amount, from, amount);
        if (debited != 1) {
            throw new IllegalStateException("insufficient funds in account " + from);
        }
        jdbc.update("UPDATE accounts SET balance = balance + ? WHERE id = ?", amount, to);
        jdbc.update("INSERT INTO transfers (from_account, to_account, amount, state) VALUES (?, ?, ?, 'done')", from, to, amount);
    }

    public List<Transfer> historyFor(long accountId, String state) {
        String sql = "SELECT " + TRANSFER_COLUMNS + " FROM transfers WHERE (from_account = " + accountId
                + " OR to_account = " + accountId + ") AND state = '" + state + "'";
        // expect: sql-injection
        return jdbc.query(sql, (rs, n) -> new Transfer(rs.getLong("id"), rs.getLong("from_account"),
                rs.getLong("to_account"), rs.getBigDecimal("amount"), rs.getString("state")));
    }

    public List<Transfer> historyForSafe(long accountId, String state) {
        return named.query(
                "SELECT " + TRANSFER_COLUMNS + " FROM transfers WHERE (from_account = :id OR to_account = :id) AND state = :state",
                Map.of("id", accountId, "state", state),
                (rs, n) -> new Transfer(rs.getLong("id"), rs.getLong("from_account"), rs.getLong("to_account"),
                        rs.getBigDecimal("amount"), rs.getString("state")));
    }

    public List<Transfer> byReference(String reference) {
        // expect: sql-injection
        TypedQuery<Transfer> query = em.createQuery("SELECT t FROM Transfer t WHERE t.reference = '" + reference + "'", Transfer.class);
        return query.getResultList();
    }

    public List<Transfer> byReferenceSafe(String reference) {
        return em.createQuery("SELECT t FROM Transfer t WHERE t.reference = :ref", Transfer.class)
                .setParameter("ref", reference)
                .getResultList();
    }

    public List<?> largestByCurrency(String currency, int limit) {
        String native_ = String.format("SELECT * FROM transfers WHERE currency = '%s' ORDER BY amount DESC LIMIT %d", currency, limit);
        // expect: sql-injection
        return em.createNativeQuery(native_).getResultList();
    }

    public Integer pendingCount() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM transfers WHERE state = 'pending'", Integer.class);
    }

    public void exportStatement(long accountId, Path target) {
        try {
            Files.writeString(target, renderStatement(accountId));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write statement for account " + accountId, e);
        }
    }

    public void cleanupExports(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve("statement.tmp"));
        // deliberate and said so (a variable named `ignored`, or a comment): handling, not a swallow
        } catch (IOException ignored) {
        }
    }

    public void archive(long transferId) {
        try {
            jdbc.update("UPDATE transfers SET archived = true WHERE id = ?", transferId);
        // expect: error-handling
        } catch (Exception e) {
            e.printStackTrace();
        }
    }

    public boolean tryReverse(long transferId) {
        try {
            jdbc.update("UPDATE transfers SET state = 'reversed' WHERE id = ? AND state = 'done'", transferId);
            return true;
        } catch (DataAccessException e) {
            log.error("Reversal of transfer {} failed", transferId, e);
            return false;
        }
    }

    public void notifyOwner(long accountId) {
        executor.submit(() -> {
            try {
                sendEmail(accountId);
            // expect: error-handling
            } catch (Throwable t) {
            }
        });
    }

    public int parseLimit(String raw, int fallback) {
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    public void shutdown() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }

    public void rebuildIndex() {
        try {
            jdbc.execute("REINDEX TABLE transfers");
        } catch (Exception e) {
            log.warn("Reindex failed, will retry tonight", e);
            throw e;
        }
    }

    public void audit(String actor, String action) {
        try {
            jdbc.update("INSERT INTO audit (actor, action) VALUES (?, ?)", actor, action);
        } catch (RuntimeException e) {
            throw new IllegalStateException("audit write failed for " + actor, e);
        }
    }

    public void replay(List<Long> ids) {
        for (Long id : ids) {
            try {
                archive(id);
            // expect: error-handling
            } catch (Exception e) {
                e.printStackTrace();
            }
        }
    }

    private String renderStatement(long accountId) {
        return "Statement for account " + accountId;
    }

    private void sendEmail(long accountId) {
        log.info("Select from the queue: statement email for account {}", accountId);
    }
}
