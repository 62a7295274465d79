class Subscription < ApplicationRecord
  STATUSES = %w[trialing active past_due paused canceled].freeze
  BILLABLE_STATUSES = %w[active past_due].freeze
  RENEWAL_WINDOW_DAYS = 3

  belongs_to :account
  belongs_to :plan
  has_many :invoices, dependent: :restrict_with_error

  validates :status, inclusion: { in: STATUSES }
  validates :external_id, uniqueness: true, allow_nil: true

  scope :billable, -> { where(status: BILLABLE_STATUSES) }
  scope :renewing_soon, -> { where("current_period_end < NOW() + INTERVAL '#{RENEWAL_WINDOW_DAYS} days'") }
  scope :for_plan, ->(code) { joins(:plan).where(plans: { code: code }) }
  scope :created_between, ->(from, to) { where("subscriptions.created_at BETWEEN ? AND ?", from, to) }

  def self.search(term, region: nil)
    rel = where("customer_email ILIKE :q OR company_name ILIKE :q", q: "%#{sanitize_sql_like(term)}%")
    rel = rel.joins("INNER JOIN plans ON plans.id = subscriptions.plan_id AND plans.region = '#{region}'") if region.present? # expect: sql-injection
    rel
  end

  def self.mrr_by(dimension)
    group(dimension).pluck("#{dimension}", Arel.sql("SUM(plans.monthly_price_cents)")) # expect: sql-injection
  end

  def self.churned_since(date)
    find_by_sql(["SELECT s.* FROM subscriptions s WHERE s.status = 'canceled' AND s.canceled_at >= ?", date])
  end

  def self.with_coupon(code)
    find_by_sql("SELECT s.* FROM subscriptions s JOIN redemptions r ON r.subscription_id = s.id WHERE r.coupon_code = '#{code}'") # expect: sql-injection
  end

  def trial_end_from(value)
    Time.iso8601(value)
  rescue ArgumentError
    # Legacy checkout sends free-form dates; an unparseable value means "no trial" by product decision.
    nil
  end

  def cancel!(reason:)
    update!(status: "canceled", canceled_at: Time.current, cancel_reason: reason)
  end

  def days_until_renewal
    ((current_period_end - Time.current) / 1.day).ceil
  end
end
