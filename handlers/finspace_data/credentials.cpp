// Programmatic access credentials and working locations: nothing is stored.
#include <cctype>

#include "handlers/finspace_data/finspace_data.hpp"
#include "server/util/ids.hpp"

namespace junction::handlers::finspace_data {

namespace {

// AWS documents the credentials as valid for 60 minutes, the most durationInMinutes allows.
constexpr std::int64_t kDefaultDurationMinutes = 60;

std::string lower_alnum(int length) {
  std::string s = random_alnum(length);
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

json get_programmatic_access_credentials(const Context& ctx, const json& input, storage::Tx&) {
  // FinSpace environments belong to another API (finspace): any environmentId is taken as one.
  std::int64_t minutes = input.value("durationInMinutes", kDefaultDurationMinutes);
  // The access key id is the caller's account, so that a client made with these credentials
  // acts in the same account and region in Junction (a 12-digit key id is the account).
  return {{"credentials",
           {{"accessKeyId", ctx.account},
            {"secretAccessKey", random_alnum(40)},
            {"sessionToken", random_alnum(356)}}},
          {"durationInMinutes", minutes}};
}

json get_working_location(const Context& ctx, const json& input, storage::Tx&) {
  // A new scratch folder in the account+region's landing bucket for each call; INGESTION when
  // locationType is not given.
  std::string type = str(input, "locationType", "INGESTION");
  std::string bucket = "finspace-landing-" + ctx.region + "-" +
                       stable_hex(ctx.account + "/" + ctx.region + "/landing", 22);
  std::string path = bucket + "/scratch/" + lower_alnum(22) + "/" +
                     (type == "SAGEMAKER" ? "sagemaker" : "ingestion");
  return {{"s3Uri", "s3://" + path}, {"s3Path", path}, {"s3Bucket", bucket}};
}

}  // namespace junction::handlers::finspace_data
