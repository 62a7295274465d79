package com.example.accounts.config;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class IntegrationSettings {
    public static final String TOKEN_TYPE = "Bearer";
    public static final String API_KEY_HEADER = "X-Api-Key";
    public static final String PASSWORD_PARAM = "password";
    public static final String SECRET_NAME = "prod/accounts/ledger";
    public static final String CREDENTIALS_PATH = "/etc/accounts/credentials.json";

    // expect: secret
    private static final String LEDGER_API_KEY = "lk_prod_7Qm2Xr9Lz4Vw8Kt3Nb6Pc1Hd5Fy0Gj";
    // expect: secret
    private static final String AWS_ACCESS_KEY = "AKIA4HQ7RZ2MXLW9KVTN";
    // expect: secret
    private static final String AWS_SECRET_KEY = "Lz4Vw8Kt3Nb6Pc1Hd5Fy0Gj7Qm2Xr9Ta3Ek8Uo6";
    private static final String AWS_REGION = "eu-west-2";

    @Value("${ledger.base-url}")
    private String ledgerBaseUrl;

    @Value("${ledger.api-key}")
    private String ledgerApiKey;

    @Value("${mail.password:}")
    private String mailPassword;

    private final String encryptionKey = System.getenv("ACCOUNTS_ENCRYPTION_KEY");
    private final String dbPassword = Objects.requireNonNullElse(System.getenv("DB_PASSWORD"), "");

    @Bean
    public HttpClient ledgerHttpClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    }

    @Bean
    public LedgerCredentials ledgerCredentials() {
        return new LedgerCredentials(ledgerApiKey, TOKEN_TYPE);
    }

    public static DataSourceSettings reportingDataSource() {
        DataSourceSettings settings = new DataSourceSettings();
        settings.setUrl("jdbc:postgresql://reporting.db.internal:5432/accounts");
        settings.setUsername("reporting");
        // expect: secret
        settings.setPassword("Xk7Qm2Lz9Vw4Rt8N");
        return settings;
    }

    public static DataSourceSettings localDataSource() {
        DataSourceSettings settings = new DataSourceSettings();
        settings.setUrl("jdbc:postgresql://localhost:5432/accounts");
        settings.setUsername("accounts");
        settings.setPassword(System.getenv("LOCAL_DB_PASSWORD"));
        return settings;
    }

    public static DataSourceSettings sampleDataSource() {
        DataSourceSettings settings = new DataSourceSettings();
        settings.setUrl("jdbc:postgresql://db:5432/accounts");
        settings.setUsername("accounts");
        settings.setPassword("changeme");
        return settings;
    }

    // expect: secret
    static final String MONGO_URI = "mongodb+srv://accounts-app:Wq9Zr4Lm7Xv2Tk8P@cluster0.mongo.internal/accounts";
    static final String MONGO_LOCAL_URI = "mongodb://localhost:27017/accounts";

    static Map<String, String> webhookHeaders() {
        // expect: secret
        return Map.of("Content-Type", "application/json", "X-Webhook-Secret", "whsec_Rk2Lm9Xq4Vt7Wz1Nc8Pb3Hd6");
    }

    static final Map<String, String> LABELS = Map.of(
            "password.prompt", "Enter your password",
            "token.expired", "Your session token has expired",
            "secret.hint", "Never share your secret with anyone");

    static final String JWT_PUBLIC_KEY = "-----BEGIN PUBLIC KEY-----\n"
            + "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEz8Xr2Lq7Vw4Kt9Nb3Pc6Hd1Fy5Gj0E\n"
            + "-----END PUBLIC KEY-----\n";

    // expect: secret
    static final String SIGNING_KEY = "-----BEGIN EC PRIVATE KEY-----\n"
            + "MHcCAQEEIBq8Xr2Lq7Vw4Kt9Nb3Pc6Hd1Fy5Gj0Ea8Ts2Ru4Mx7oAoGCCqGSM49\n"
            + "-----END EC PRIVATE KEY-----\n";

    static final String GITHUB_CLIENT_ID = "Iv1.8a61f9b3a7aba766";
    // expect: secret
    static final String GITHUB_CLIENT_SECRET = "4f8a2c9e1b7d3f6a0c5e8b2d9f1a7c3e6b0d4f8a";
    static final String USER_AGENT = "accounts-service/2.3 (+https://accounts.example.com)";
    static final URI STATUS_PAGE = URI.create("https://status.example.com");

    public record LedgerCredentials(String apiKey, String tokenType) {}

    public static class DataSourceSettings {
        private String url;
        private String username;
        private String password;

        public void setUrl(String url) { this.url = url; }
        public void setUsername(String username) { this.username = username; }
        public void setPassword(String password) { this.password = password; }
        public String getUrl() { return url; }
        public String getUsername() { return username; }
        public String getPassword() { return password; }
    }
}
