// AppStream fleets and images: the image catalogue's look-ups and a fleet's states as the clock
// moves, on an in-memory database.
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

constexpr const char* kAccount = "123456789012";
constexpr const char* kRegion = "eu-west-1";
constexpr const char* kImage = "AppStream-WinServer2022-11-10-2025";

struct Fixture {
  storage::Database db{""};
  handlers::Settings settings;
  handlers::Context ctx{kAccount, kRegion, "request", 1800000000000, &settings};

  json call(const char* operation, handlers::HandlerFn fn, const json& input) {
    const auto* op =
        junction::shapes::Model::instance().by_sdk_name("appstream")->operation(operation);
    REQUIRE(op != nullptr);
    junction::shapes::validate_or_throw(*op->input, input);
    return db.write([&](storage::Tx& tx) { return fn(ctx, input, tx); });
  }
  std::string state(const std::string& fleet) {
    return call("DescribeFleets", app::describe_fleets, {{"Names", {fleet}}})["Fleets"][0]["State"];
  }
};

}  // namespace

TEST_CASE("find_image: public images by name or ARN, in the caller's region only") {
  Fixture f;
  f.db.write([&](storage::Tx& tx) {
    auto byName = app::find_image(f.ctx, tx, kImage);
    REQUIRE(byName);
    CHECK(byName->arn == std::string("arn:aws:appstream:eu-west-1::image/") + kImage);
    CHECK(byName->visibility == "PUBLIC");
    CHECK(byName->platform == "WINDOWS_SERVER_2022");
    CHECK(byName->state == "AVAILABLE");
    auto byArn = app::find_image(f.ctx, tx, byName->arn);
    REQUIRE(byArn);
    CHECK(byArn->name == kImage);
    CHECK_FALSE(
        app::find_image(f.ctx, tx, std::string("arn:aws:appstream:us-east-1::image/") + kImage));
    CHECK_FALSE(app::find_image(f.ctx, tx, "arn:aws:appstream:eu-west-1:999999999999:image/x"));
    CHECK_FALSE(app::find_image(f.ctx, tx, "NoSuchImage"));
    auto withdrawn = app::find_image(f.ctx, tx, "AppStream-AmazonLinux2-09-21-2022");
    REQUIRE(withdrawn);
    CHECK(withdrawn->state == "DEPRECATED");
    try {
      app::usable_image(f.ctx, tx, "AppStream-AmazonLinux2-09-21-2022");
      FAIL("a withdrawn image is not usable");
    } catch (const ApiError& e) {
      CHECK(e.type == "ResourceNotAvailableException");
    }
  });
}

TEST_CASE("find_image: the account's private images come first") {
  Fixture f;
  f.db.write([&](storage::Tx& tx) {
    storage::appstream::Image image;
    image.name = "golden";
    image.arn = app::resource_arn(f.ctx, "image", "golden");
    image.state_pending = "PENDING";
    image.state_settled = "AVAILABLE";
    image.state_settles_at = f.ctx.now_seconds() + 10;
    image.created_at = f.ctx.now_seconds();
    storage::appstream::ImageRepository(tx, kAccount, kRegion).insert_image(image);
    auto found = app::find_image(f.ctx, tx, "golden");
    REQUIRE(found);
    CHECK(found->is_private());
    CHECK(found->state == "PENDING");
    CHECK(app::find_image(f.ctx, tx, image.arn)->name == "golden");
    // Public ARNs never name a private image.
    CHECK_FALSE(app::find_image(f.ctx, tx, "arn:aws:appstream:eu-west-1::image/golden"));
  });
}

TEST_CASE("instance families of instance types") {
  CHECK(app::instance_family("stream.standard.small") == "GENERAL_PURPOSE");
  CHECK(app::instance_family("stream.memory.z1d.large") == "MEMORY_OPTIMIZED");
  CHECK(app::instance_family("stream.graphics.g4dn.xlarge") == "GRAPHICS_G4");
  CHECK(app::instance_family("stream.graphics.gr6f.4xlarge") == "GRAPHICS_G6");
  CHECK(app::instance_family("stream.unknown.large").empty());
}

TEST_CASE("a fleet's state follows the clock") {
  Fixture f;
  f.settings.appstream_delay_ms = 5000;
  f.call("CreateFleet", app::create_fleet,
         {{"Name", "f"},
          {"InstanceType", "stream.standard.small"},
          {"ImageName", kImage},
          {"ComputeCapacity", {{"DesiredInstances", 1}}}});
  CHECK(f.state("f") == "STOPPED");
  f.call("StartFleet", app::start_fleet, {{"Name", "f"}});
  CHECK(f.state("f") == "STARTING");
  f.ctx.now_ms += 4999;
  CHECK(f.state("f") == "STARTING");
  f.ctx.now_ms += 1;
  CHECK(f.state("f") == "RUNNING");
  f.call("StopFleet", app::stop_fleet, {{"Name", "f"}});
  CHECK(f.state("f") == "STOPPING");
  f.ctx.now_ms += 5000;
  CHECK(f.state("f") == "STOPPED");
}
