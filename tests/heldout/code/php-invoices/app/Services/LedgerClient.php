<?php

namespace App\Services;

use App\Models\Invoice;
use GuzzleHttp\Client;
use GuzzleHttp\Exception\ConnectException;
use GuzzleHttp\Exception\GuzzleException;
use Illuminate\Support\Facades\Cache;
use Illuminate\Support\Facades\Log;
use RuntimeException;

class LedgerClient
{
    private Client $http;

    public function __construct()
    {
        $this->http = new Client([
            'base_uri' => config('services.ledger.base_uri'),
            'timeout' => config('services.ledger.timeout'),
            'connect_timeout' => 2.0,
            'headers' => ['Accept' => 'application/json'],
        ]);
    }

    public function postInvoice(Invoice $invoice): string
    {
        try {
            $response = $this->http->post('journal-entries', [
                'headers' => ['Authorization' => 'Bearer ' . $this->accessToken()],
                'json' => [
                    'external_id' => 'inv_' . $invoice->id,
                    'amount_cents' => $invoice->total_cents,
                    'currency' => $invoice->currency,
                    'booked_at' => $invoice->issued_at->toIso8601String(),
                ],
            ]);
        } catch (GuzzleException $e) {
            Log::error('ledger.post_failed', ['invoice' => $invoice->id, 'error' => $e->getMessage()]);
            throw new RuntimeException('Ledger rejected invoice ' . $invoice->number, 0, $e);
        }

        return json_decode((string) $response->getBody(), true)['id'];
    }

    public function forwardWebhook(string $callbackUrl, array $payload): void
    {
        $client = new Client(['headers' => ['Content-Type' => 'application/json']]);
        $client->post($callbackUrl, ['body' => json_encode($payload)]); // expect: error-handling
    }

    public function balance(string $accountRef): ?int
    {
        try {
            $response = $this->http->get('accounts/' . rawurlencode($accountRef) . '/balance', [
                'headers' => ['Authorization' => 'Bearer ' . $this->accessToken()],
                'timeout' => 1.5,
            ]);
        } catch (ConnectException $e) {
            // Balance is only shown as a hint on the dashboard; null renders as "unavailable".
            Log::notice('ledger.balance_unreachable', ['account' => $accountRef]);
            return null;
        }

        return (int) json_decode((string) $response->getBody(), true)['balance_cents'];
    }

    private function accessToken(): string
    {
        return Cache::remember('ledger.access_token', 3300, function () {
            $response = (new Client(['timeout' => 5]))->post(config('services.ledger.base_uri') . 'oauth/token', [
                'form_params' => [
                    'grant_type' => 'client_credentials',
                    'client_id' => config('services.ledger.client_id'),
                    'client_secret' => config('services.ledger.client_secret'),
                ],
            ]);

            return json_decode((string) $response->getBody(), true)['access_token'];
        });
    }
}
