# Wiring for external services used by billing. Secrets live in encrypted
# credentials (bin/rails credentials:edit) or the environment on Heroku.

Stripe.api_key = Rails.application.credentials.dig(:stripe, :secret_key) || ENV["STRIPE_SECRET_KEY"]
Stripe.api_version = "2023-10-16"
Stripe.max_network_retries = 2
Stripe.open_timeout = 5
Stripe.read_timeout = 20

Rails.application.config.x.stripe.publishable_key = ENV.fetch("STRIPE_PUBLISHABLE_KEY", "pk_live_51kwQzN1kKDrCWVb7yLRpxBaoCU0ExkI0vpgOzyIPB4aR2e5l2k5CgXinA2Pjk8lQlbif54GKBvnAfyv4Vy6FH1bMYDpwQPSME0")
Rails.application.config.x.stripe.webhook_secret = ENV.fetch("STRIPE_WEBHOOK_SECRET", "whsec_changeme")

# Invoice PDFs are archived to S3 by the nightly job.
Aws.config.update(
  region: ENV.fetch("AWS_REGION", "eu-central-1"),
  credentials: Aws::Credentials.new(
    ENV.fetch("AWS_ACCESS_KEY_ID", "AKIA6RTUVJCED6HFD46E"), # expect: secret
    ENV.fetch("AWS_SECRET_ACCESS_KEY", "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") # expect: secret
  )
)

Rails.application.config.x.invoice_archive = ActiveSupport::OrderedOptions.new.tap do |c|
  c.bucket = ENV.fetch("INVOICE_ARCHIVE_BUCKET", "northwind-subscriptions-invoices")
  c.kms_key_id = ENV.fetch("INVOICE_ARCHIVE_KMS_KEY", "alias/subscriptions-invoices")
end

SLACK_BILLING_WEBHOOK = "https://hooks.slack.com/services/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" # expect: secret
SLACK_BOT_TOKEN = ENV["SLACK_BOT_TOKEN"]

Sidekiq.configure_server do |config|
  config.redis = { url: ENV.fetch("REDIS_URL", "redis://localhost:6379/1"), password: ENV.fetch("REDIS_PASSWORD", "${REDIS_PASSWORD}") }
end

Sidekiq.configure_client do |config|
  config.redis = { url: ENV.fetch("REDIS_URL", "redis://localhost:6379/1") }
end

ActiveSupport::Notifications.subscribe("renewal.billing") do |*, payload|
  StatsD.increment("billing.renewal", tags: ["plan:#{payload[:plan]}"])
rescue StandardError => e
  # Metrics must never break billing; record the failure and move on.
  Rails.logger.warn("statsd.renewal_metric_failed #{e.class}: #{e.message}")
end
