package com.example.accounts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.stereotype.Component;

@Component
public class LedgerClient {
    private static final String LEDGER_URL = System.getenv().getOrDefault("LEDGER_URL", "https://ledger.internal");
    private static final String TOKEN_TYPE = "Bearer";
    // Copied from the ledger team's staging runbook "for now".
    private static final String LEDGER_API_TOKEN = "ldg_9Vq2Xr7Lm4Kw8Tz3Nb6Pc1Hd5Fy0GjEa";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    public String post(long accountId, String entryJson) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(LEDGER_URL + "/accounts/" + accountId + "/entries"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", TOKEN_TYPE + " " + LEDGER_API_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(entryJson))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IOException("ledger answered " + response.statusCode());
        }
        return response.body();
    }
}
