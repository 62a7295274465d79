package com.example.accounts.jobs;

import com.example.accounts.mail.MailSender;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

@Component
public class StatementJob {
    private static final Logger LOG = LoggerFactory.getLogger(StatementJob.class);
    private static final String PENDING_QUERY =
            "SELECT id, owner_email FROM accounts WHERE statement_due <= ? AND status = 'active'";

    private final DataSource dataSource;
    private final MailSender mail;

    public StatementJob(DataSource dataSource, MailSender mail) {
        this.dataSource = dataSource;
        this.mail = mail;
    }

    @Scheduled(cron = "0 0 2 * * *")
    public void run() {
        List<long[]> sent = new ArrayList<>();
        try (Connection conn = dataSource.getConnection();
             PreparedStatement ps = conn.prepareStatement(PENDING_QUERY)) {
            ps.setObject(1, LocalDate.now());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong("id");
                    try {
                        mail.send(rs.getString("owner_email"), "statement", id);
                        sent.add(new long[] {id});
                    } catch (RuntimeException e) {
                        LOG.warn("Statement mail for account {} failed", id, e);
                    }
                }
            }
        } catch (SQLException e) {
            LOG.error("Statement run aborted", e);
            return;
        }
        LOG.info("Sent {} statements", sent.size());
    }

    public int markSent(String accountIds) throws SQLException {
        try (Connection conn = dataSource.getConnection(); Statement stmt = conn.createStatement()) {
            // expect: sql-injection
            return stmt.executeUpdate("UPDATE accounts SET statement_due = statement_due + interval '1 month' WHERE id IN (" + accountIds + ")");
        }
    }

    public List<String> ownersInRegion(String region) throws SQLException {
        String sql = "SELECT owner_email FROM accounts WHERE region = ?";
        List<String> out = new ArrayList<>();
        try (Connection conn = dataSource.getConnection(); PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, region);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    public List<String> ownersMatching(String pattern) throws SQLException {
        String sql = "SELECT owner_email FROM accounts WHERE owner_email LIKE '" + pattern + "'";
        List<String> out = new ArrayList<>();
        try (Connection conn = dataSource.getConnection();
             Statement stmt = conn.createStatement()) {
            // expect: sql-injection
            ResultSet rs = stmt.executeQuery(sql);
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    public Properties loadTemplates(Path file) {
        Properties props = new Properties();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException e) {
            LOG.warn("Could not load mail templates from {}, using defaults", file, e);
        }
        return props;
    }

    public void writeReport(Path target, String body) {
        try {
            Files.writeString(target, body);
        } catch (IOException | SecurityException e) {
            LOG.error("Could not write report {}", target, e);
        }
    }

    public void pause(long millis) {
        try {
            Thread.sleep(millis);
        // expect: error-handling
        } catch (InterruptedException e) {}
    }

    public boolean isValidEmail(String value) {
        try {
            return new javax.mail.internet.InternetAddress(value, true) != null;
        } catch (javax.mail.internet.AddressException e) {
            return false;
        }
    }

    public void closeQuietly(AutoCloseable resource) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (Exception e) {
            LOG.debug("Ignoring failure while closing {}", resource, e);
        }
    }

    public void purgeArchived(int olderThanDays) {
        try (Connection conn = dataSource.getConnection();
             PreparedStatement ps = conn.prepareStatement(
                     "DELETE FROM statements WHERE archived = true AND created_at < now() - (? * interval '1 day')")) {
            ps.setInt(1, olderThanDays);
            ps.executeUpdate();
        // expect: error-handling
        } catch (Throwable t) {
            t.printStackTrace();
        }
    }

    static String helpText() {
        return "Select the statements from last month and press Export";
    }

    static String smtpPasswordLabel() {
        return "SMTP password";
    }

    static Properties mailProperties() {
        Properties props = new Properties();
        props.setProperty("mail.smtp.host", "smtp.example.com");
        props.setProperty("mail.smtp.user", "statements");
        // expect: secret
        props.setProperty("mail.smtp.password", "Nq4Wz8Lm2Xr7Tv9K");
        props.setProperty("mail.smtp.auth", "true");
        return props;
    }
}
