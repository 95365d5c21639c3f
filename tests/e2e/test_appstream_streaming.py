"""AppStream streaming through boto3: CreateStreamingURL, DescribeSessions, ExpireSession,
DrainSessionInstance, and how sessions meet fleet capacity, stops and disassociation."""

import base64
import datetime
import json
import unittest
import urllib.parse

from appstream_case import AppStreamCase, SERVICE, WIN2019


def url_parameters(url):
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    token = query["parameters"][0]
    return json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))


class TestCreateStreamingURL(AppStreamCase):
    def test_url(self):
        self.streaming_setup()
        before = datetime.datetime.now(datetime.timezone.utc)
        resp = self.ok("create_streaming_url", StackName="stack", FleetName="fleet", UserId="ana",
                       ApplicationId="Desktop", SessionContext="ctx")
        url = resp["StreamingURL"]
        self.assertTrue(url.startswith(
            "https://appstream2.us-east-1.aws.amazon.com/authenticate?parameters="), url)
        params = url_parameters(url)
        self.assertEqual((params["userId"], params["catalogSource"], params["fleetRef"]),
                         ("ana", "stack/stack", "fleet/fleet"))
        self.assertEqual(params["applicationId"], "Desktop")
        # Valid for 60 seconds unless told otherwise.
        self.assertAlmostEqual((resp["Expires"] - before).total_seconds(), 60, delta=5)
        longer = self.ok("create_streaming_url", StackName="stack", FleetName="fleet",
                         UserId="ana", Validity=3600)
        self.assertAlmostEqual((longer["Expires"] - before).total_seconds(), 3600, delta=5)

    def test_validity_bounds(self):
        self.streaming_setup()
        for validity in (0, 604801):
            with self.assert_client_error("ValidationException", message_contains="validity"):
                self.c.create_streaming_url(StackName="stack", FleetName="fleet", UserId="ana",
                                            Validity=validity)
        self.ok("create_streaming_url", StackName="stack", FleetName="fleet", UserId="ana",
                Validity=604800)

    def test_unknown_stack_or_fleet(self):
        self.streaming_setup()
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.create_streaming_url(StackName="nope", FleetName="fleet", UserId="ana")
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.create_streaming_url(StackName="stack", FleetName="nope", UserId="ana")

    def test_fleet_must_be_associated(self):
        self.create_stack("stack")
        self.running_fleet("loose")
        with self.assert_client_error("InvalidParameterCombinationException",
                                      message_contains="not associated"):
            self.c.create_streaming_url(StackName="stack", FleetName="loose", UserId="ana")

    def test_fleet_must_be_running(self):
        self.create_stack("stack")
        self.create_fleet("idle")
        self.ok("associate_fleet", FleetName="idle", StackName="stack")
        with self.assert_client_error("ResourceNotAvailableException", message_contains="STOPPED"):
            self.c.create_streaming_url(StackName="stack", FleetName="idle", UserId="ana")


class TestSessions(AppStreamCase):
    def stream_url(self, user, stack="stack", fleet="fleet"):
        return self.ok("create_streaming_url", StackName=stack, FleetName=fleet, UserId=user)

    def sessions(self, **params):
        params.setdefault("StackName", "stack")
        params.setdefault("FleetName", "fleet")
        return self.ok("describe_sessions", **params)["Sessions"]

    def test_a_url_starts_a_session(self):
        self.streaming_setup(ComputeCapacity={"DesiredInstances": 3})
        self.stream_url("ana")
        self.stream_url("ana")  # the same user's session is reused
        self.stream_url("bo")
        sessions = self.sessions()
        self.assertEqual([s["UserId"] for s in sessions], ["ana", "bo"])
        s = sessions[0]
        self.assertEqual((s["StackName"], s["FleetName"], s["State"], s["AuthenticationType"]),
                         ("stack", "fleet", "ACTIVE", "API"))
        self.assertEqual(s["ConnectionState"], "NOT_CONNECTED")
        self.assertEqual(s["InstanceDrainStatus"], "NOT_APPLICABLE")
        self.assertAlmostEqual((s["MaxExpirationTime"] - s["StartTime"]).total_seconds(), 57600,
                               delta=1)
        self.assertTrue(s["InstanceId"].startswith("i-"))
        self.assertEqual(self.sessions(UserId="bo", AuthenticationType="API")[0]["Id"],
                         sessions[1]["Id"])
        self.assertEqual(self.sessions(InstanceId=s["InstanceId"]), [s])
        self.assertEqual(self.sessions(AuthenticationType="SAML"), [])
        capacity = self.fleet("fleet")["ComputeCapacityStatus"]
        self.assertEqual((capacity["Running"], capacity["InUse"], capacity["Available"]),
                         (3, 2, 1))

    def test_user_needs_authentication_type(self):
        with self.assert_client_error("InvalidParameterCombinationException"):
            self.c.describe_sessions(StackName="stack", FleetName="fleet", UserId="ana")

    def test_pages(self):
        self.streaming_setup(ComputeCapacity={"DesiredInstances": 30})
        for i in range(23):
            self.stream_url(f"user{i:02d}")
        first = self.ok("describe_sessions", StackName="stack", FleetName="fleet")
        self.assertEqual(len(first["Sessions"]), 20)
        items, pages = self.paginate_sessions(Limit=10)
        self.assertEqual((len(items), pages), (23, 3))
        raw = self.client(SERVICE, access_key=self.account, validate=False)
        with self.assert_client_error("ValidationException"):
            raw.describe_sessions(StackName="stack", FleetName="fleet", Limit=0)

    def paginate_sessions(self, **params):
        items, pages, token = [], 0, None
        while True:
            kwargs = dict(params, StackName="stack", FleetName="fleet")
            if token:
                kwargs["NextToken"] = token
            resp = self.ok("describe_sessions", **kwargs)
            items += resp["Sessions"]
            pages += 1
            token = resp.get("NextToken")
            if not token:
                return items, pages

    def test_expire_session(self):
        self.streaming_setup()
        self.stream_url("ana")
        session = self.sessions()[0]
        self.ok("expire_session", SessionId=session["Id"])
        self.assertEqual(self.sessions(), [])
        self.ok("expire_session", SessionId=session["Id"])  # ended already: not an error
        self.stream_url("ana")  # a new URL starts a new session
        self.assertNotEqual(self.sessions()[0]["Id"], session["Id"])

    def test_stopping_the_fleet_ends_its_sessions(self):
        self.streaming_setup()
        self.stream_url("ana")
        self.ok("stop_fleet", Name="fleet")
        self.assertEqual(self.sessions(), [])

    def test_disassociate_with_sessions(self):
        self.streaming_setup()
        self.stream_url("ana")
        with self.assert_client_error("ResourceInUseException"):
            self.c.disassociate_fleet(FleetName="fleet", StackName="stack")
        self.ok("expire_session", SessionId=self.sessions()[0]["Id"])
        self.ok("disassociate_fleet", FleetName="fleet", StackName="stack")


class TestMultiSession(AppStreamCase):
    def setUp(self):
        super().setUp()
        self.streaming_setup(ImageName=WIN2019, MaxSessionsPerInstance=2,
                             ComputeCapacity={"DesiredSessions": 4})
        for user in ("ann", "bob", "cal"):
            self.ok("create_streaming_url", StackName="stack", FleetName="fleet", UserId=user)
        self.sessions = self.ok("describe_sessions", StackName="stack",
                                FleetName="fleet")["Sessions"]

    def test_sessions_share_instances(self):
        instances = [s["InstanceId"] for s in self.sessions]
        self.assertEqual(instances[0], instances[1])
        self.assertNotEqual(instances[1], instances[2])
        self.assertEqual({s["InstanceDrainStatus"] for s in self.sessions}, {"ACTIVE"})
        status = self.fleet("fleet")["ComputeCapacityStatus"]
        self.assertEqual((status["Desired"], status["Running"], status["InUse"]), (2, 2, 2))
        self.assertEqual((status["DesiredUserSessions"], status["ActualUserSessions"],
                          status["ActiveUserSessions"], status["AvailableUserSessions"]),
                         (4, 4, 3, 1))

    def test_drain(self):
        self.ok("drain_session_instance", SessionId=self.sessions[0]["Id"])
        drained = self.ok("describe_sessions", StackName="stack", FleetName="fleet")["Sessions"]
        self.assertEqual([s["InstanceDrainStatus"] for s in drained],
                         ["DRAINING", "DRAINING", "ACTIVE"])
        status = self.fleet("fleet")["ComputeCapacityStatus"]
        self.assertEqual((status["Draining"], status["DrainModeActiveUserSessions"],
                          status["DrainModeUnusedUserSessions"]), (1, 2, 0))
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.drain_session_instance(SessionId="no-such-session")

    def test_drain_needs_a_multi_session_fleet(self):
        self.create_stack("single")
        self.running_fleet("single-fleet")
        self.ok("associate_fleet", FleetName="single-fleet", StackName="single")
        self.ok("create_streaming_url", StackName="single", FleetName="single-fleet", UserId="xavier")
        session = self.ok("describe_sessions", StackName="single",
                          FleetName="single-fleet")["Sessions"][0]
        with self.assert_client_error("OperationNotPermittedException"):
            self.c.drain_session_instance(SessionId=session["Id"])


if __name__ == "__main__":
    unittest.main()
