class SubscriptionsController < ApplicationController
  SORTABLE_COLUMNS = %w[created_at current_period_end status company_name].freeze

  before_action :authenticate_user!
  before_action :set_subscription, only: %i[show update cancel]

  rescue_from ActiveRecord::RecordNotFound do
    render json: { error: "not_found" }, status: :not_found
  end

  def index
    scope = current_account.subscriptions.includes(:plan)
    scope = scope.where(status: params[:status]) if params[:status].present?
    scope = scope.where("company_name LIKE '%#{params[:q]}%'") if params[:q].present? # expect: sql-injection
    scope = scope.where("current_period_end <= ?", params[:renews_before]) if params[:renews_before].present?

    render json: scope.order(sort_column => sort_direction).page(params[:page]).per(50)
  end

  def export
    rows = current_account.subscriptions.order("#{params[:sort]} #{params[:direction]}").limit(5_000) # expect: sql-injection
    send_data SubscriptionCsv.new(rows).to_csv, filename: "subscriptions-#{Date.current}.csv"
  end

  def mrr
    render json: Subscription.where(account: current_account).billable.mrr_by(params.fetch(:by, "plans.code"))
  end

  def show
    render json: @subscription
  end

  def update
    if @subscription.update(subscription_params)
      render json: @subscription
    else
      render json: { errors: @subscription.errors }, status: :unprocessable_entity
    end
  end

  def cancel
    Billing::RenewalService.new(@subscription).cancel!(reason: params.require(:reason))
    head :no_content
  rescue Billing::ProviderError => e
    Rails.logger.error("subscription.cancel_failed id=#{@subscription.id} error=#{e.message}")
    render json: { error: "provider_unavailable" }, status: :bad_gateway
  end

  def usage
    subscription = current_account.subscriptions.find(params[:id])
    limit = subscription.plan.metadata.fetch("seat_limit") rescue nil # expect: error-handling
    render json: { seats: subscription.seats_used, limit: limit }
  end

  private

  def set_subscription
    @subscription = current_account.subscriptions.find(params[:id])
  end

  def sort_column
    SORTABLE_COLUMNS.include?(params[:sort]) ? params[:sort] : "created_at"
  end

  def sort_direction
    params[:direction] == "asc" ? :asc : :desc
  end

  def subscription_params
    params.require(:subscription).permit(:seats, :billing_email, :po_number)
  end
end
