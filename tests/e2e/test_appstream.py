"""AppStream 2.0 (SPEC §3) through boto3 and the AWS CLI: stacks, user-pool users, and the batch
user-stack associations."""

import json
import unittest

from junction_harness import JunctionTestCase, fresh_account

SERVICE = "appstream"
USERPOOL = "USERPOOL"


def entry(stack, user, auth=USERPOOL, **extra):
    return dict(StackName=stack, UserName=user, AuthenticationType=auth, **extra)


class AppStreamCase(JunctionTestCase):
    """Each test works in an account of its own, so it starts from empty state."""

    def setUp(self):
        self.account = fresh_account()
        self.c = self.client(SERVICE, access_key=self.account)
        self.raw_client = self.client(SERVICE, access_key=self.account, validate=False)

    def ok(self, operation, **params):
        resp = getattr(self.c, operation)(**params)
        self.assert_output_shape(SERVICE, operation, resp)
        return resp

    def create_stack(self, name, **params):
        return self.ok("create_stack", Name=name, **params)["Stack"]

    def create_user(self, name, **params):
        params.setdefault("AuthenticationType", USERPOOL)
        return self.ok("create_user", UserName=name, **params)

    def associate(self, *entries):
        return self.ok("batch_associate_user_stack", UserStackAssociations=list(entries))

    def disassociate(self, *entries):
        return self.ok("batch_disassociate_user_stack", UserStackAssociations=list(entries))

    def associations(self, **params):
        return self.ok("describe_user_stack_associations", **params).get(
            "UserStackAssociations", [])

    def pairs(self, **params):
        return sorted((a["StackName"], a["UserName"], a["AuthenticationType"])
                      for a in self.associations(**params))


class TestStacks(AppStreamCase):
    def test_create_stack_returns_what_was_given(self):
        stack = self.create_stack(
            "docs", DisplayName="Docs", Description="Documentation desktop",
            StorageConnectors=[{"ConnectorType": "HOMEFOLDERS"},
                               {"ConnectorType": "GOOGLE_DRIVE", "Domains": ["example.com"]}],
            RedirectURL="https://example.com/bye", FeedbackURL="https://example.com/feedback",
            UserSettings=[{"Action": "CLIPBOARD_COPY_FROM_LOCAL_DEVICE", "Permission": "DISABLED"},
                          {"Action": "FILE_UPLOAD", "Permission": "ENABLED",
                           "MaximumLength": 20}],
            ApplicationSettings={"Enabled": True, "SettingsGroup": "docs"},
            Tags={"team": "docs"},
            AccessEndpoints=[{"EndpointType": "STREAMING", "VpceId": "vpce-0123"}],
            EmbedHostDomains=["portal.example.com"],
            StreamingExperienceSettings={"PreferredProtocol": "UDP"})
        self.assertEqual(stack["Arn"], f"arn:aws:appstream:us-east-1:{self.account}:stack/docs")
        self.assertEqual(stack["Name"], "docs")
        self.assertEqual(stack["DisplayName"], "Docs")
        self.assertEqual(stack["Description"], "Documentation desktop")
        self.assertEqual(stack["StorageConnectors"][1]["Domains"], ["example.com"])
        self.assertEqual(stack["RedirectURL"], "https://example.com/bye")
        self.assertEqual(stack["UserSettings"][1]["MaximumLength"], 20)
        self.assertTrue(stack["ApplicationSettings"]["Enabled"])
        self.assertTrue(stack["ApplicationSettings"]["S3BucketName"].startswith(
            f"appstream-app-settings-us-east-1-{self.account}-"))
        self.assertEqual(stack["AccessEndpoints"][0]["VpceId"], "vpce-0123")
        self.assertEqual(stack["EmbedHostDomains"], ["portal.example.com"])
        self.assertEqual(stack["StreamingExperienceSettings"], {"PreferredProtocol": "UDP"})
        self.assertIn("CreatedTime", stack)

        described = self.ok("describe_stacks", Names=["docs"])["Stacks"]
        self.assertEqual(described, [stack])

    def test_duplicate_stack(self):
        self.create_stack("dup")
        with self.assert_client_error("ResourceAlreadyExistsException"):
            self.c.create_stack(Name="dup")

    def test_describe_unknown_stack(self):
        self.create_stack("known")
        with self.assert_client_error("ResourceNotFoundException", message_contains="nope"):
            self.c.describe_stacks(Names=["known", "nope"])

    def test_describe_stacks_pages(self):
        names = [f"stack-{i:02d}" for i in range(30)]
        for name in names:
            self.create_stack(name)
        first = self.ok("describe_stacks")
        self.assertEqual(len(first["Stacks"]), 25)
        self.assertIn("NextToken", first)
        second = self.ok("describe_stacks", NextToken=first["NextToken"])
        self.assertNotIn("NextToken", second)
        self.assertEqual([s["Name"] for s in first["Stacks"] + second["Stacks"]], names)
        # boto3's paginator follows the same tokens.
        pages = list(self.c.get_paginator("describe_stacks").paginate())
        self.assertEqual(len(pages), 2)
        self.assertEqual(sum(len(p["Stacks"]) for p in pages), 30)

    def test_bad_next_token(self):
        with self.assert_client_error("ValidationException"):
            self.c.describe_stacks(NextToken="not-a-token")

    def test_delete_stack_removes_its_associations(self):
        self.create_stack("gone")
        self.create_stack("kept")
        self.create_user("u@example.com")
        self.associate(entry("gone", "u@example.com"), entry("kept", "u@example.com"))
        self.ok("delete_stack", Name="gone")
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.describe_stacks(Names=["gone"])
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.delete_stack(Name="gone")
        self.assertEqual(self.pairs(UserName="u@example.com", AuthenticationType=USERPOOL),
                         [("kept", "u@example.com", USERPOOL)])
        self.create_stack("gone")  # a new stack of the same name has no users
        self.assertEqual(self.associations(StackName="gone"), [])

    def test_state_is_per_account_and_region(self):
        self.create_stack("mine")
        other = self.client(SERVICE, access_key=fresh_account())
        self.assertEqual(other.describe_stacks()["Stacks"], [])
        west = self.client(SERVICE, access_key=self.account, region="eu-west-1")
        self.assertEqual(west.describe_stacks()["Stacks"], [])
        west.create_stack(Name="mine")  # no clash with us-east-1


class TestUsers(AppStreamCase):
    def test_create_and_describe(self):
        self.create_user("ana@example.com", FirstName="Ana", LastName="Lima")
        users = self.ok("describe_users", AuthenticationType=USERPOOL)["Users"]
        self.assertEqual(len(users), 1)
        ana = users[0]
        self.assertEqual(ana["Arn"],
                         f"arn:aws:appstream:us-east-1:{self.account}:user/userpool/ana@example.com")
        self.assertEqual(ana["UserName"], "ana@example.com")
        self.assertTrue(ana["Enabled"])
        self.assertEqual(ana["Status"], "UNCONFIRMED")
        self.assertEqual((ana["FirstName"], ana["LastName"]), ("Ana", "Lima"))
        self.assertEqual(ana["AuthenticationType"], USERPOOL)
        self.assertIn("CreatedTime", ana)

    def test_user_names_are_case_sensitive(self):
        self.create_user("Bo@example.com")
        self.create_user("bo@example.com")
        with self.assert_client_error("ResourceAlreadyExistsException") as cm:
            self.c.create_user(UserName="bo@example.com", AuthenticationType=USERPOOL)
        self.assertNotIn("bo@example.com", cm.exception.response["Error"]["Message"])
        names = [u["UserName"] for u in
                 self.ok("describe_users", AuthenticationType=USERPOOL)["Users"]]
        self.assertEqual(sorted(names), ["Bo@example.com", "bo@example.com"])
        self.ok("disable_user", UserName="bo@example.com", AuthenticationType=USERPOOL)
        enabled = {u["UserName"]: u["Enabled"] for u in
                   self.ok("describe_users", AuthenticationType=USERPOOL)["Users"]}
        self.assertEqual(enabled, {"Bo@example.com": True, "bo@example.com": False})

    def test_only_the_user_pool(self):
        for auth in ("SAML", "API", "AWS_AD"):
            with self.assert_client_error("InvalidParameterValueException", status=400):
                self.c.create_user(UserName="x@example.com", AuthenticationType=auth)
        with self.assert_client_error("InvalidParameterValueException", status=400):
            self.c.describe_users(AuthenticationType="SAML")

    def test_message_action(self):
        self.create_user("quiet@example.com", MessageAction="SUPPRESS")
        self.create_user("quiet@example.com", MessageAction="RESEND")  # sends the email again
        with self.assert_client_error("InvalidParameterCombinationException"):
            self.c.create_user(UserName="quiet@example.com", AuthenticationType=USERPOOL,
                               MessageAction="RESEND", FirstName="Q")
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.create_user(UserName="nobody@example.com", AuthenticationType=USERPOOL,
                               MessageAction="RESEND")
        with self.assert_client_error("ResourceAlreadyExistsException"):
            self.c.create_user(UserName="quiet@example.com", AuthenticationType=USERPOOL,
                               MessageAction="SUPPRESS")

    def test_enable_disable(self):
        self.create_user("e@example.com")
        self.ok("disable_user", UserName="e@example.com", AuthenticationType=USERPOOL)
        self.ok("disable_user", UserName="e@example.com", AuthenticationType=USERPOOL)
        user, = self.ok("describe_users", AuthenticationType=USERPOOL)["Users"]
        self.assertFalse(user["Enabled"])
        self.ok("enable_user", UserName="e@example.com", AuthenticationType=USERPOOL)
        user, = self.ok("describe_users", AuthenticationType=USERPOOL)["Users"]
        self.assertTrue(user["Enabled"])

    def test_unknown_user(self):
        self.create_user("known@example.com")
        for op in ("enable_user", "disable_user", "delete_user"):
            with self.subTest(op=op):
                with self.assert_client_error("ResourceNotFoundException") as cm:
                    getattr(self.c, op)(UserName="Known@example.com", AuthenticationType=USERPOOL)
                self.assertNotIn("Known@example.com", cm.exception.response["Error"]["Message"])

    def test_delete_user_removes_its_associations(self):
        self.create_stack("s")
        self.create_user("d@example.com")
        self.associate(entry("s", "d@example.com"), entry("s", "d@example.com", "SAML"))
        self.ok("delete_user", UserName="d@example.com", AuthenticationType=USERPOOL)
        # The SAML user of the same name lives in an external directory: still associated.
        self.assertEqual(self.pairs(StackName="s"), [("s", "d@example.com", "SAML")])
        self.assertEqual(self.ok("describe_users", AuthenticationType=USERPOOL)["Users"], [])
        self.create_user("d@example.com")  # a new user of that name starts with no stacks
        self.assertEqual(self.associations(UserName="d@example.com",
                                           AuthenticationType=USERPOOL), [])

    def test_describe_users_pages(self):
        names = sorted(f"user{i:02d}@example.com" for i in range(11))
        for name in names:
            self.create_user(name, MessageAction="SUPPRESS")
        users, pages = self.paginate(self.c, "describe_users", "Users", 4, SERVICE,
                                     AuthenticationType=USERPOOL)
        self.assertEqual(pages, 3)
        self.assertEqual([u["UserName"] for u in users], names)
        paginated = self.c.get_paginator("describe_users").paginate(
            AuthenticationType=USERPOOL, PaginationConfig={"PageSize": 5})
        self.assertEqual(sum(len(p["Users"]) for p in paginated), 11)

    def test_describe_users_max_results_at_least_one(self):
        with self.assert_client_error("ValidationException",
                                      message_contains="at 'maxResults' failed to satisfy"):
            self.c.describe_users(AuthenticationType=USERPOOL, MaxResults=0)


class TestBatchAssociateUserStack(AppStreamCase):
    def setUp(self):
        super().setUp()
        self.create_stack("s1")
        self.create_stack("s2")
        self.create_user("u1@example.com")
        self.create_user("u2@example.com")

    def test_all_valid(self):
        resp = self.associate(entry("s1", "u1@example.com", SendEmailNotification=True),
                              entry("s2", "u1@example.com"), entry("s1", "u2@example.com"))
        self.assertEqual(resp["errors"], [])
        self.assertEqual(resp["ResponseMetadata"]["HTTPStatusCode"], 200)
        self.assertEqual(json.loads(resp["ResponseMetadata"]["Junction"]["body"]), {"errors": []})
        listed = self.associations(StackName="s1")
        self.assertEqual([(a["UserName"], a.get("SendEmailNotification")) for a in listed],
                         [("u1@example.com", True), ("u2@example.com", None)])
        self.assertEqual(self.pairs(UserName="u1@example.com", AuthenticationType=USERPOOL),
                         [("s1", "u1@example.com", USERPOOL), ("s2", "u1@example.com", USERPOOL)])

    def test_each_entry_judged_alone(self):
        entries = [entry("s1", "u1@example.com"),
                   entry("missing", "u1@example.com"),
                   entry("s1", "U1@example.com", SendEmailNotification=False),
                   entry("s2", "someone@corp.example", "SAML"),
                   entry("s2", "robot", "API"),
                   entry("s2", "ad-user@corp.example", "AWS_AD"),
                   entry("missing", "nobody@example.com")]
        resp = self.associate(*entries)
        errors = resp["errors"]
        self.assertEqual([(e["ErrorCode"], e["UserStackAssociation"]) for e in errors],
                         [("STACK_NOT_FOUND", entries[1]),
                          ("USER_NAME_NOT_FOUND", entries[2]),
                          ("STACK_NOT_FOUND", entries[6])])
        for e in errors:
            self.assertTrue(e["ErrorMessage"])
        # The valid entries were applied, the others not.
        self.assertEqual(self.pairs(StackName="s1"), [("s1", "u1@example.com", USERPOOL)])
        self.assertEqual(self.pairs(StackName="s2"),
                         [("s2", "ad-user@corp.example", "AWS_AD"), ("s2", "robot", "API"),
                          ("s2", "someone@corp.example", "SAML")])

    def test_associating_again_is_not_an_error(self):
        self.associate(entry("s1", "u1@example.com"))
        resp = self.associate(entry("s1", "u1@example.com"), entry("s1", "u1@example.com"))
        self.assertEqual(resp["errors"], [])
        self.assertEqual(len(self.associations(StackName="s1")), 1)

    def test_disabled_user_can_be_associated(self):
        self.ok("disable_user", UserName="u2@example.com", AuthenticationType=USERPOOL)
        self.assertEqual(self.associate(entry("s1", "u2@example.com"))["errors"], [])

    def test_twenty_five_entries_at_most(self):
        many = [entry("s1", f"ext{i}@corp.example", "SAML") for i in range(26)]
        with self.assert_client_error("ValidationException") as cm:
            self.raw_client.batch_associate_user_stack(UserStackAssociations=many)
        message = cm.exception.response["Error"]["Message"]
        self.assertIn("at 'userStackAssociations' failed to satisfy constraint: "
                      "Member must have length less than or equal to 25", message)
        self.assertNotIn("ext1@corp.example", message)  # UserName is sensitive
        self.assertEqual(self.associations(StackName="s1"), [])
        with self.assert_client_error("ValidationException",
                                      message_contains="greater than or equal to 1"):
            self.raw_client.batch_associate_user_stack(UserStackAssociations=[])
        self.assertEqual(self.associate(*many[:25])["errors"], [])
        self.assertEqual(len(self.associations(StackName="s1")), 25)

    def test_server_side_validation(self):
        with self.assert_client_error("ValidationException") as cm:
            self.raw_client.batch_associate_user_stack(UserStackAssociations=[
                {"StackName": "s1", "UserName": "has space@example.com",
                 "AuthenticationType": "LDAP"},
                {"StackName": "s1"}])
        message = cm.exception.response["Error"]["Message"]
        self.assertTrue(message.startswith("4 validation errors detected: "), message)
        self.assertIn("Value '*** Sensitive Data Redacted ***' at "
                      "'userStackAssociations.1.member.userName' failed to satisfy constraint: "
                      "Member must satisfy regular expression pattern", message)
        self.assertIn("Value 'LDAP' at 'userStackAssociations.1.member.authenticationType' "
                      "failed to satisfy constraint: Member must satisfy enum value set", message)
        self.assertIn("Value null at 'userStackAssociations.2.member.userName' failed to "
                      "satisfy constraint: Member must not be null", message)
        self.assertNotIn("has space", message)
        with self.assert_client_error("ValidationException",
                                      message_contains="Value null at 'userStackAssociations'"):
            self.raw_client.batch_associate_user_stack()


class TestBatchDisassociateUserStack(AppStreamCase):
    def setUp(self):
        super().setUp()
        self.create_stack("s1")
        self.create_stack("s2")
        self.create_user("u1@example.com")
        self.associate(entry("s1", "u1@example.com"), entry("s2", "u1@example.com"),
                       entry("s1", "ext@corp.example", "SAML"))

    def test_disassociate(self):
        resp = self.disassociate(entry("s1", "u1@example.com"),
                                 entry("s1", "ext@corp.example", "SAML"))
        self.assertEqual(resp["errors"], [])
        self.assertEqual(resp["ResponseMetadata"]["HTTPStatusCode"], 200)
        self.assertEqual(self.associations(StackName="s1"), [])
        self.assertEqual(self.pairs(UserName="u1@example.com", AuthenticationType=USERPOOL),
                         [("s2", "u1@example.com", USERPOOL)])

    def test_pair_not_associated_is_not_an_error(self):
        self.create_user("u2@example.com")
        resp = self.disassociate(entry("s1", "u2@example.com"),
                                 entry("s2", "never@corp.example", "API"),
                                 entry("s1", "u1@example.com"), entry("s1", "u1@example.com"))
        self.assertEqual(resp["errors"], [])
        self.assertEqual(self.pairs(StackName="s1"), [("s1", "ext@corp.example", "SAML")])

    def test_each_entry_judged_alone(self):
        entries = [entry("nope", "u1@example.com"), entry("s2", "u1@example.com"),
                   entry("s1", "ghost@example.com")]
        resp = self.disassociate(*entries)
        self.assertEqual([(e["ErrorCode"], e["UserStackAssociation"]) for e in resp["errors"]],
                         [("STACK_NOT_FOUND", entries[0]), ("USER_NAME_NOT_FOUND", entries[2])])
        self.assertEqual(self.pairs(UserName="u1@example.com", AuthenticationType=USERPOOL),
                         [("s1", "u1@example.com", USERPOOL)])

    def test_limits(self):
        with self.assert_client_error("ValidationException"):
            self.raw_client.batch_disassociate_user_stack(
                UserStackAssociations=[entry("s1", f"x{i}", "API") for i in range(26)])
        with self.assert_client_error("ValidationException"):
            self.raw_client.batch_disassociate_user_stack(UserStackAssociations=[])
        self.assertEqual(len(self.associations(StackName="s1")), 2)


class TestDescribeUserStackAssociations(AppStreamCase):
    def test_needs_stack_or_user(self):
        for params in ({}, {"UserName": "u@example.com"}, {"AuthenticationType": USERPOOL},
                       {"StackName": "s", "UserName": "u@example.com"}):
            with self.subTest(params=params):
                with self.assert_client_error("InvalidParameterCombinationException"):
                    self.c.describe_user_stack_associations(**params)

    def test_filters(self):
        self.create_stack("a")
        self.create_stack("b")
        self.create_user("u@example.com")
        self.associate(entry("a", "u@example.com"), entry("b", "u@example.com"),
                       entry("a", "u@example.com", "SAML"))
        self.assertEqual(len(self.associations(StackName="a")), 2)
        self.assertEqual(self.pairs(StackName="a", AuthenticationType="SAML"),
                         [("a", "u@example.com", "SAML")])
        self.assertEqual(self.pairs(StackName="b", UserName="u@example.com",
                                    AuthenticationType=USERPOOL),
                         [("b", "u@example.com", USERPOOL)])
        self.assertEqual(self.pairs(UserName="u@example.com", AuthenticationType="SAML"),
                         [("a", "u@example.com", "SAML")])
        # No association: the (1 to 25 long) list is left out.
        resp = self.ok("describe_user_stack_associations", StackName="unknown")
        self.assertNotIn("UserStackAssociations", resp)

    def test_pages(self):
        self.create_stack("big")
        users = sorted(f"ext{i:02d}@corp.example" for i in range(40))
        for start in range(0, 40, 20):
            self.associate(*[entry("big", u, "SAML") for u in users[start:start + 20]])
        items, pages = self.paginate(self.c, "describe_user_stack_associations",
                                     "UserStackAssociations", 7, SERVICE, StackName="big")
        self.assertEqual(pages, 6)
        self.assertEqual([a["UserName"] for a in items], users)
        # Pages never exceed the model's 25, whatever MaxResults asks.
        first = self.ok("describe_user_stack_associations", StackName="big", MaxResults=500)
        self.assertEqual(len(first["UserStackAssociations"]), 25)
        rest = self.ok("describe_user_stack_associations", StackName="big",
                       NextToken=first["NextToken"])
        self.assertEqual(len(rest["UserStackAssociations"]), 15)
        self.assertNotIn("NextToken", rest)
        paginated = self.c.get_paginator("describe_user_stack_associations").paginate(
            StackName="big", PaginationConfig={"PageSize": 10})
        self.assertEqual(sum(len(p["UserStackAssociations"]) for p in paginated), 40)


class TestServerSideValidation(AppStreamCase):
    """With parameter_validation off, the server judges the input (SPEC §1)."""

    def test_required_members(self):
        with self.assert_client_error(
                "ValidationException",
                message_contains="Value null at 'name' failed to satisfy constraint: "
                                 "Member must not be null"):
            self.raw_client.create_stack()
        with self.assert_client_error("ValidationException") as cm:
            self.raw_client.create_user()
        message = cm.exception.response["Error"]["Message"]
        self.assertTrue(message.startswith("2 validation errors detected: "), message)
        self.assertIn("'userName'", message)
        self.assertIn("'authenticationType'", message)
        with self.assert_client_error("ValidationException"):
            self.raw_client.describe_users()

    def test_patterns_lengths_enums(self):
        with self.assert_client_error(
                "ValidationException",
                message_contains="Value 'bad name!' at 'name' failed to satisfy constraint: "
                                 "Member must satisfy regular expression pattern"):
            self.raw_client.create_stack(Name="bad name!")
        with self.assert_client_error("ValidationException",
                                      message_contains="less than or equal to 256"):
            self.raw_client.create_stack(Name="long", Description="x" * 257)
        with self.assert_client_error("ValidationException", message_contains="enum value set"):
            self.raw_client.create_stack(Name="s", UserSettings=[
                {"Action": "TELEPORT", "Permission": "ENABLED"}])
        with self.assert_client_error("ValidationException",
                                      message_contains="at 'authenticationType'"):
            self.raw_client.describe_users(AuthenticationType="LDAP")
        with self.assert_client_error("ValidationException",
                                      message_contains="less than or equal to 500"):
            self.raw_client.describe_user_stack_associations(StackName="s", MaxResults=501)

    def test_user_name_never_echoed(self):
        long_name = "n" * 129
        with self.assert_client_error("ValidationException") as cm:
            self.raw_client.create_user(UserName=long_name, AuthenticationType=USERPOOL)
        message = cm.exception.response["Error"]["Message"]
        self.assertIn("Value '*** Sensitive Data Redacted ***' at 'userName' failed to satisfy "
                      "constraint: Member must have length less than or equal to 128", message)
        self.assertNotIn(long_name, message)
        for op in ("enable_user", "disable_user", "delete_user"):
            with self.subTest(op=op):
                with self.assert_client_error("ValidationException") as cm:
                    getattr(self.raw_client, op)(UserName="tab\there", AuthenticationType=USERPOOL)
                self.assertNotIn("tab", cm.exception.response["Error"]["Message"])
        with self.assert_client_error("ValidationException") as cm:
            self.raw_client.create_user(UserName="x@example.com", AuthenticationType=USERPOOL,
                                        FirstName="Robert'); DROP TABLE")
        self.assertNotIn("DROP", cm.exception.response["Error"]["Message"])

    def test_wrong_json_types(self):
        resp = self.raw_json("PhotonAdminProxyService.CreateStack", {"Name": 7})
        self.assertEqual(resp.status, 400)
        self.assertEqual(resp.json()["__type"], "SerializationException")
        resp = self.raw_json("PhotonAdminProxyService.DescribeStacks", "{not json")
        self.assertEqual(resp.status, 400)
        self.assertEqual(resp.json()["__type"], "SerializationException")

    def test_raw_batch_response(self):
        self.create_stack("raw")
        resp = self.raw_json("PhotonAdminProxyService.BatchAssociateUserStack", {
            "UserStackAssociations": [entry("raw", "r@corp.example", "SAML"),
                                      entry("none", "r@corp.example", "SAML")]},
            headers={"Authorization": self._auth_header()})
        self.assertEqual(resp.status, 200)
        self.assertTrue(resp.headers.get("Content-Type").startswith("application/x-amz-json-1.1"))
        self.assert_wire_shape(SERVICE, "BatchAssociateUserStack", resp.body)
        self.assertEqual([e["ErrorCode"] for e in resp.json()["errors"]], ["STACK_NOT_FOUND"])

    def _auth_header(self):
        return (f"AWS4-HMAC-SHA256 Credential={self.account}/20260101/us-east-1/appstream/"
                "aws4_request, SignedHeaders=host, Signature=0")


class TestCli(AppStreamCase):
    def cli_ok(self, *args):
        code, out, err = self.cli(SERVICE, *args, access_key=self.account)
        self.assertEqual(code, 0, err)
        return out

    def test_cli_round_trip(self):
        stack = self.cli_ok("create-stack", "--name", "cli-stack",
                            "--display-name", "CLI stack")["Stack"]
        self.assertEqual(stack["Arn"], f"arn:aws:appstream:us-east-1:{self.account}:stack/cli-stack")
        self.cli_ok("create-user", "--user-name", "cli@example.com",
                    "--authentication-type", "USERPOOL", "--message-action", "SUPPRESS")
        users = self.cli_ok("describe-users", "--authentication-type", "USERPOOL")["Users"]
        self.assertEqual([u["UserName"] for u in users], ["cli@example.com"])
        out = self.cli_ok("batch-associate-user-stack", "--user-stack-associations",
                          "StackName=cli-stack,UserName=cli@example.com,"
                          "AuthenticationType=USERPOOL,SendEmailNotification=false",
                          "StackName=nope,UserName=cli@example.com,AuthenticationType=USERPOOL")
        self.assertEqual([e["ErrorCode"] for e in out["errors"]], ["STACK_NOT_FOUND"])
        listed = self.cli_ok("describe-user-stack-associations", "--stack-name", "cli-stack")
        self.assertEqual([a["UserName"] for a in listed["UserStackAssociations"]],
                         ["cli@example.com"])
        out = self.cli_ok("batch-disassociate-user-stack", "--user-stack-associations",
                          "StackName=cli-stack,UserName=cli@example.com,"
                          "AuthenticationType=USERPOOL")
        self.assertEqual(out["errors"], [])
        self.cli_ok("disable-user", "--user-name", "cli@example.com",
                    "--authentication-type", "USERPOOL")
        self.cli_ok("enable-user", "--user-name", "cli@example.com",
                    "--authentication-type", "USERPOOL")
        self.cli_ok("delete-user", "--user-name", "cli@example.com",
                    "--authentication-type", "USERPOOL")
        stacks = self.cli_ok("describe-stacks", "--names", "cli-stack")["Stacks"]
        self.assertEqual(stacks[0]["DisplayName"], "CLI stack")
        self.cli_ok("delete-stack", "--name", "cli-stack")

    def test_cli_paginates_stacks(self):
        for i in range(27):
            self.c.create_stack(Name=f"p{i:02d}")
        stacks = self.cli_ok("describe-stacks")["Stacks"]
        self.assertEqual(len(stacks), 27)

    def test_cli_errors(self):
        code, _, err = self.cli(SERVICE, "create-user", "--user-name", "x@example.com",
                                "--authentication-type", "SAML", access_key=self.account)
        self.assertNotEqual(code, 0)
        self.assertIn("InvalidParameterValueException", err)
        code, _, err = self.cli(SERVICE, "delete-stack", "--name", "nothing",
                                access_key=self.account)
        self.assertNotEqual(code, 0)
        self.assertIn("ResourceNotFoundException", err)


if __name__ == "__main__":
    unittest.main()
