// AppStream image builders, app block builders, shared images and software on an in-memory
// database: states as the clock moves, find_image through a share, and the repositories'
// queries across accounts.
#include <catch2/catch.hpp>
#include <string>

#include "handlers/appstream/appstream.hpp"
#include "handlers/appstream/image_catalogue.hpp"
#include "server/shapes/shape.hpp"
#include "server/shapes/validator.hpp"

using junction::ApiError;
using nlohmann::json;
namespace storage = junction::storage;
namespace handlers = junction::handlers;
namespace app = junction::handlers::appstream;

namespace {

constexpr const char* kOwner = "123456789012";
constexpr const char* kOther = "210987654321";
constexpr const char* kRegion = "eu-west-1";
constexpr const char* kImage = "AppStream-WinServer2022-11-10-2025";
constexpr const char* kOffice = "Microsoft_Office_2024_LTSC_Professional_Plus_64Bit";

struct Fixture {
  storage::Database db{""};
  handlers::Settings settings;
  handlers::Context ctx{kOwner, kRegion, "request", 1800000000000, &settings};

  json call(const char* operation, handlers::HandlerFn fn, const json& input,
            const std::string& account = kOwner) {
    const auto* op =
        junction::shapes::Model::instance().by_sdk_name("appstream")->operation(operation);
    REQUIRE(op != nullptr);
    junction::shapes::validate_or_throw(*op->input, input);
    handlers::Context c = ctx;
    c.account = account;
    return db.write([&](storage::Tx& tx) { return fn(c, input, tx); });
  }
  std::string builder_state(const std::string& name) {
    return call("DescribeImageBuilders", app::describe_image_builders,
                {{"Names", {name}}})["ImageBuilders"][0]["State"];
  }
  void later(std::int64_t ms) { ctx.now_ms += ms; }
};

}  // namespace

TEST_CASE("appstream image builders: PENDING, RUNNING, STOPPING, STOPPED as the clock moves") {
  Fixture f;
  f.settings.appstream_delay_ms = 5000;
  json b =
      f.call("CreateImageBuilder", app::create_image_builder,
             {{"Name", "b"}, {"ImageName", kImage}, {"InstanceType", "stream.standard.small"}});
  CHECK(b["ImageBuilder"]["State"] == "PENDING");
  CHECK_THROWS_AS(f.call("StopImageBuilder", app::stop_image_builder, {{"Name", "b"}}), ApiError);
  f.later(4999);
  CHECK(f.builder_state("b") == "PENDING");
  f.later(1);
  CHECK(f.builder_state("b") == "RUNNING");
  CHECK(f.call("StopImageBuilder", app::stop_image_builder,
               {{"Name", "b"}})["ImageBuilder"]["State"] == "STOPPING");
  f.later(5000);
  CHECK(f.builder_state("b") == "STOPPED");
  json deleted = f.call("DeleteImageBuilder", app::delete_image_builder, {{"Name", "b"}});
  CHECK(deleted["ImageBuilder"]["State"] == "DELETING");
}

TEST_CASE("appstream software: pending until the builder runs, then installed; uninstalled goes") {
  Fixture f;
  f.settings.appstream_delay_ms = 1000;
  json b = f.call("CreateImageBuilder", app::create_image_builder,
                  {{"Name", "b"},
                   {"ImageName", kImage},
                   {"InstanceType", "stream.standard.small"},
                   {"SoftwaresToInstall", {kOffice}}});
  std::string arn = b["ImageBuilder"]["Arn"];
  auto status = [&] {
    json out = f.call("DescribeSoftwareAssociations", app::describe_software_associations,
                      {{"AssociatedResource", arn}});
    return out["SoftwareAssociations"].empty()
               ? std::string()
               : out["SoftwareAssociations"][0]["Status"].get<std::string>();
  };
  CHECK(status() == "PENDING_INSTALLATION");
  f.later(1000);
  CHECK(status() == "INSTALLED");
  f.call("DisassociateSoftwareFromImageBuilder", app::disassociate_software_from_image_builder,
         {{"ImageBuilderName", "b"}, {"SoftwareNames", {kOffice}}});
  f.call("StartSoftwareDeploymentToImageBuilder", app::start_software_deployment_to_image_builder,
         {{"ImageBuilderName", "b"}});
  CHECK(status() == "PENDING_UNINSTALLATION");
  f.later(1000);
  CHECK(status().empty());
}

TEST_CASE("appstream shared images: found by the other account's ARN as the owner allows") {
  Fixture f;
  json image = f.call("CreateImportedImage", app::create_imported_image,
                      {{"Name", "golden"},
                       {"SourceAmiId", "ami-0123456789abcdef0"},
                       {"IamRoleArn", "arn:aws:iam::123456789012:role/import"}});
  std::string arn = image["Image"]["Arn"];
  handlers::Context other = f.ctx;
  other.account = kOther;
  f.db.write([&](storage::Tx& tx) {
    CHECK_FALSE(app::find_image(other, tx, arn));
    return 0;
  });
  f.call("UpdateImagePermissions", app::update_image_permissions,
         {{"Name", "golden"},
          {"SharedAccountId", kOther},
          {"ImagePermissions", {{"allowFleet", true}}}});
  f.db.write([&](storage::Tx& tx) {
    auto ref = app::find_image(other, tx, arn);
    REQUIRE(ref);
    CHECK(ref->visibility == "SHARED");
    CHECK(ref->allow_fleet);
    CHECK_FALSE(ref->allow_image_builder);
    CHECK(app::usable_image(other, tx, arn, app::ImageUse::kFleet).name == "golden");
    CHECK_THROWS_AS(app::usable_image(other, tx, arn, app::ImageUse::kImageBuilder), ApiError);
    // By name, the other account finds nothing: a shared image is found by its ARN.
    CHECK_FALSE(app::find_image(other, tx, "golden"));
    auto shared = storage::appstream::ImageRepository(tx, kOther, kRegion).shared_images();
    REQUIRE(shared.size() == 1);
    CHECK(shared[0].owner == kOwner);
    // The share is of the region: another region sees none.
    CHECK(storage::appstream::ImageRepository(tx, kOther, "us-east-1").shared_images().empty());
    return 0;
  });
  json listed = f.call("DescribeImages", app::describe_images, {{"Type", "SHARED"}}, kOther);
  REQUIRE(listed["Images"].size() == 1);
  CHECK(listed["Images"][0]["Visibility"] == "SHARED");
  CHECK(listed["Images"][0]["ImagePermissions"] == json{{"allowFleet", true}});
  // Deleting the image ends its shares.
  f.call("DeleteImage", app::delete_image, {{"Name", "golden"}});
  CHECK(f.call("DescribeImages", app::describe_images, {{"Type", "SHARED"}}, kOther)["Images"]
            .empty());
}

TEST_CASE("appstream app block builders: started only with an app block, STARTING then RUNNING") {
  Fixture f;
  f.settings.appstream_delay_ms = 2000;
  f.call("CreateAppBlockBuilder", app::create_app_block_builder,
         {{"Name", "abb"},
          {"Platform", "WINDOWS_SERVER_2019"},
          {"InstanceType", "stream.standard.large"},
          {"VpcConfig", {{"SubnetIds", {"subnet-1", "subnet-2"}}}}});
  CHECK_THROWS_AS(f.call("StartAppBlockBuilder", app::start_app_block_builder, {{"Name", "abb"}}),
                  ApiError);
  json block = f.call("CreateAppBlock", app::create_app_block,
                      {{"Name", "blk"},
                       {"PackagingType", "APPSTREAM2"},
                       {"SourceS3Location", {{"S3Bucket", "apps-bucket"}}}});
  f.call("AssociateAppBlockBuilderAppBlock", app::associate_app_block_builder_app_block,
         {{"AppBlockBuilderName", "abb"}, {"AppBlockArn", block["AppBlock"]["Arn"]}});
  CHECK(f.call("StartAppBlockBuilder", app::start_app_block_builder,
               {{"Name", "abb"}})["AppBlockBuilder"]["State"] == "STARTING");
  f.later(2000);
  CHECK(f.call("DescribeAppBlockBuilders", app::describe_app_block_builders,
               {{"Names", {"abb"}}})["AppBlockBuilders"][0]["State"] == "RUNNING");
}
