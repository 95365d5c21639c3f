// Usage reports: CreateUsageReportSubscription, DescribeUsageReportSubscriptions,
// DeleteUsageReportSubscription (one daily subscription per account and region, its reports in
// the bucket AWS names appstream-logs-<region>-<account>-<random>), and DescribeAppLicenseUsage.
#include <cctype>

#include "handlers/appstream/appstream.hpp"
#include "server/util/ids.hpp"

namespace junction::handlers::appstream {

namespace {

constexpr std::int64_t kDefaultPage = 50;
constexpr std::int64_t kMaxPage = 100;

// The account and region's logs bucket: stable, so a subscription made again names it again.
std::string logs_bucket(const Context& ctx) {
  return "appstream-logs-" + ctx.region + "-" + ctx.account + "-" +
         stable_hex(ctx.account + "/" + ctx.region + "/logs", 8);
}

json subscription_json(const repo::UsageReportSubscription& s) {
  return {{"S3BucketName", s.s3_bucket_name}, {"Schedule", s.schedule}};
}

}  // namespace

json create_usage_report_subscription(const Context& ctx, const json&, storage::Tx& tx) {
  repo::SettingsRepository settings(tx, ctx.account, ctx.region);
  // Subscribing again changes nothing.
  settings.insert_usage_report_subscription({logs_bucket(ctx), "DAILY", ctx.now_seconds()});
  return subscription_json(*settings.usage_report_subscription());
}

json describe_usage_report_subscriptions(const Context& ctx, const json& input, storage::Tx& tx) {
  Page page = list_page(input, "MaxResults", "maxResults", kDefaultPage, kMaxPage);
  std::vector<json> all;
  if (auto s = repo::SettingsRepository(tx, ctx.account, ctx.region).usage_report_subscription())
    all.push_back(subscription_json(*s));
  json out = {{"UsageReportSubscriptions", slice(all, page)}};
  set_next_token(out, "NextToken", page, all);
  return out;
}

json delete_usage_report_subscription(const Context& ctx, const json&, storage::Tx& tx) {
  if (!repo::SettingsRepository(tx, ctx.account, ctx.region).delete_usage_report_subscription())
    throw ApiError("ResourceNotFoundException",
                   "There is no usage report subscription in " + ctx.region + ".");
  return json::object();
}

json describe_app_license_usage(const Context&, const json& input, storage::Tx&) {
  std::string period = str(input, "BillingPeriod");
  bool well_formed = period.size() == 7 && period[4] == '-';
  for (std::size_t i = 0; well_formed && i < period.size(); ++i)
    if (i != 4 && !std::isdigit(static_cast<unsigned char>(period[i]))) well_formed = false;
  if (well_formed) {
    int month = std::stoi(period.substr(5));
    well_formed = month >= 1 && month <= 12;
  }
  if (!well_formed)
    throw ApiError("InvalidParameterCombinationException",
                   "The billing period " + period + " is not a month in yyyy-mm form.");
  Page page = list_page(input, "MaxResults", "maxResults", kDefaultPage, kMaxPage);
  // Nobody streams license-included applications from Junction's instances: no usage.
  std::vector<json> all;
  json out = {{"AppLicenseUsages", slice(all, page)}};
  set_next_token(out, "NextToken", page, all);
  return out;
}

}  // namespace junction::handlers::appstream
