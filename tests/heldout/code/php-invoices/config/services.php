<?php

/*
|--------------------------------------------------------------------------
| Third Party Services
|--------------------------------------------------------------------------
|
| Credentials for the payment provider, the mail transport and the internal
| ledger. Values come from the environment; defaults only exist so that
| `php artisan config:cache` works on a fresh checkout.
|
*/

return [

    'stripe' => [
        // Publishable key is embedded in the checkout page anyway.
        'key' => env('STRIPE_KEY', 'pk_live_51kwQzN1kKDrCWVb7yLRpxBaoCU0ExkI0vpgOzyIPB4aR2e5l2k5CgXinA2Pjk8lQlbif54GKBvnAfyv4Vy6FH1bMYDpwQPSME0'),
        'secret' => env('STRIPE_SECRET', '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'), // expect: secret
        'webhook' => [
            'secret' => env('STRIPE_WEBHOOK_SECRET'),
            'tolerance' => env('STRIPE_WEBHOOK_TOLERANCE', 300),
        ],
        'api_version' => '2023-10-16',
    ],

    'mailgun' => [
        'domain' => env('MAILGUN_DOMAIN', 'mg.billing.northwind-invoicing.com'),
        'secret' => env('MAILGUN_SECRET'),
        'endpoint' => env('MAILGUN_ENDPOINT', 'api.eu.mailgun.net'),
        'scheme' => 'https',
    ],

    'ledger' => [
        'base_uri' => env('LEDGER_BASE_URI', 'https://ledger.internal.northwind.io/api/v2/'),
        'client_id' => env('LEDGER_CLIENT_ID', 'invoices-service'),
        'client_secret' => env('LEDGER_CLIENT_SECRET', 'changeme'),
        'timeout' => (float) env('LEDGER_TIMEOUT', 5.0),
    ],

    'sftp_exports' => [
        'host' => env('EXPORT_SFTP_HOST', 'sftp.partner-accounting.net'),
        'username' => env('EXPORT_SFTP_USER', 'northwind'),
        'password' => env('EXPORT_SFTP_PASSWORD', '${EXPORT_SFTP_PASSWORD}'),
        'root' => '/inbound/invoices',
    ],

    'github' => [
        // Used by the release notes command to read merged PRs.
        'token' => 'ghp_IiFY9wYtWlEqf4gSSnUttas2vPqgqSqb7Ywa', // expect: secret
        'repository' => 'northwind/invoicing',
    ],

];
