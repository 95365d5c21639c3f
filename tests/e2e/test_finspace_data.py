"""FinSpace Data (restJson1) end to end: boto3 and the AWS CLI against the built server.

SPEC §4: users, permission groups, memberships, clientToken idempotency, pagination, and the
server-side validation a client without parameter validation meets.
"""

import json
import re
import uuid

from junction_harness import JunctionTestCase, fresh_account

SERVICE = "finspace-data"
ID_RE = re.compile(r"^[A-Za-z0-9]{22}$")
ROLE = "arn:aws:iam::123456789012:role/FinSpaceAnalyst"


class FinSpaceDataCase(JunctionTestCase):
    """Each test gets its own account (a 12-digit access key), so it starts from empty state."""

    def setUp(self):
        super().setUp()
        self.account = fresh_account()
        self.fs = self.client(SERVICE, access_key=self.account)
        self.loose = self.client(SERVICE, access_key=self.account, validate=False)

    # -- helpers
    def ok(self, operation, client=None, **params):
        resp = getattr(client or self.fs, operation)(**params)
        self.assert_output_shape(SERVICE, operation, resp)
        return resp

    def new_user(self, email=None, **params):
        email = email or f"u{uuid.uuid4().hex[:10]}@example.com"
        params.setdefault("type", "APP_USER")
        return self.ok("create_user", emailAddress=email, **params)["userId"]

    def new_group(self, name="analysts", permissions=("CreateDataset",), **params):
        return self.ok("create_permission_group", name=name,
                       applicationPermissions=list(permissions), **params)["permissionGroupId"]

    def associate(self, group, user, **params):
        return self.ok("associate_user_to_permission_group", permissionGroupId=group, userId=user,
                       **params)

    def disassociate(self, group, user, **params):
        return self.ok("disassociate_user_from_permission_group", permissionGroupId=group,
                       userId=user, **params)

    def pages(self, operation, result_key, page_size, **params):
        """Every item of a listing, following nextToken; checks each page."""
        items, pages, token = [], 0, None
        while True:
            kwargs = dict(params, maxResults=page_size)
            if token:
                kwargs["nextToken"] = token
            resp = self.ok(operation, **kwargs)
            self.assertLessEqual(len(resp[result_key]), page_size)
            items += resp[result_key]
            pages += 1
            token = resp.get("nextToken")
            if not token:
                return items, pages
            self.assertLess(pages, 100)


class UsersTest(FinSpaceDataCase):
    def test_user_lifecycle(self):
        uid = self.new_user("ann@example.com", firstName="Ann", lastName="Lee", apiAccess="ENABLED",
                            apiAccessPrincipalArn=ROLE)
        self.assertRegex(uid, ID_RE)
        user = self.ok("get_user", userId=uid)
        self.assertEqual(user["userId"], uid)
        self.assertEqual(user["status"], "ENABLED")
        self.assertEqual(user["emailAddress"], "ann@example.com")
        self.assertEqual((user["firstName"], user["lastName"]), ("Ann", "Lee"))
        self.assertEqual(user["type"], "APP_USER")
        self.assertEqual(user["apiAccess"], "ENABLED")
        self.assertEqual(user["apiAccessPrincipalArn"], ROLE)
        # TimestampEpoch: epoch milliseconds as a long.
        self.assertIsInstance(user["createTime"], int)
        self.assertGreater(user["createTime"], 1_600_000_000_000)
        self.assertEqual(user["lastModifiedTime"], user["createTime"])
        self.assertNotIn("lastLoginTime", user)

        self.assertEqual(self.ok("update_user", userId=uid, type="SUPER_USER",
                                 firstName="Anne")["userId"], uid)
        user = self.ok("get_user", userId=uid)
        self.assertEqual((user["type"], user["firstName"], user["lastName"]),
                         ("SUPER_USER", "Anne", "Lee"))
        self.assertGreaterEqual(user["lastModifiedTime"], user["createTime"])

        self.assertEqual(self.ok("disable_user", userId=uid)["userId"], uid)
        user = self.ok("get_user", userId=uid)
        self.assertEqual(user["status"], "DISABLED")
        self.assertIn("lastDisabledTime", user)
        # A disabled user can still be listed.
        listed = self.ok("list_users", maxResults=10)["users"]
        self.assertEqual([(u["userId"], u["status"]) for u in listed], [(uid, "DISABLED")])

        self.assertEqual(self.ok("enable_user", userId=uid)["userId"], uid)
        user = self.ok("get_user", userId=uid)
        self.assertEqual(user["status"], "ENABLED")
        self.assertGreaterEqual(user["lastEnabledTime"], user["lastDisabledTime"])

        reset = self.ok("reset_user_password", userId=uid)
        self.assertEqual(reset["userId"], uid)
        self.assertTrue(8 <= len(reset["temporaryPassword"]) <= 20)

    def test_duplicate_email_is_a_conflict(self):
        self.new_user("dup@example.com")
        with self.assert_client_error("ConflictException", status=409) as cm:
            self.fs.create_user(emailAddress="DUP@example.com", type="SUPER_USER")
        self.assertEqual(cm.exception.response.get("reason"), "EMAIL_ADDRESS_IN_USE")
        self.assertEqual(len(self.ok("list_users", maxResults=10)["users"]), 1)

    def test_unknown_user_is_not_found(self):
        calls = {
            "get_user": {},
            "update_user": {"firstName": "X"},
            "disable_user": {},
            "enable_user": {},
            "reset_user_password": {},
            "list_permission_groups_by_user": {"maxResults": 5},
        }
        for operation, params in calls.items():
            with self.subTest(operation=operation):
                with self.assert_client_error("ResourceNotFoundException", status=404) as cm:
                    getattr(self.fs, operation)(userId="NoSuchUser", **params)
                self.assertEqual(cm.exception.response.get("reason"), "USER_NOT_FOUND")

    def test_list_users_paginates(self):
        created = [self.new_user(f"p{i}@example.com") for i in range(7)]
        items, pages = self.pages("list_users", "users", 3)
        self.assertEqual([u["userId"] for u in items], created)
        self.assertEqual(pages, 3)
        # botocore's own paginator follows the same tokens.
        paginator = self.fs.get_paginator("list_users")
        ids = [u["userId"] for page in paginator.paginate(maxResults=2) for u in page["users"]]
        self.assertEqual(ids, created)

    def test_state_is_partitioned_by_region(self):
        uid = self.new_user()
        other = self.client(SERVICE, region="eu-west-1", access_key=self.account)
        self.assertEqual(other.list_users(maxResults=10)["users"], [])
        with self.assert_client_error("ResourceNotFoundException"):
            other.get_user(userId=uid)


class PermissionGroupsTest(FinSpaceDataCase):
    def test_permission_group_lifecycle(self):
        gid = self.new_group("analysts", ["CreateDataset", "ViewAuditData"],
                             description="Read-mostly analysts")
        self.assertRegex(gid, ID_RE)
        group = self.ok("get_permission_group", permissionGroupId=gid)["permissionGroup"]
        self.assertEqual(group["permissionGroupId"], gid)
        self.assertEqual(group["name"], "analysts")
        self.assertEqual(group["description"], "Read-mostly analysts")
        self.assertEqual(group["applicationPermissions"], ["CreateDataset", "ViewAuditData"])
        self.assertIsInstance(group["createTime"], int)

        self.assertEqual(self.ok("update_permission_group", permissionGroupId=gid, name="quants",
                                 applicationPermissions=["AccessNotebooks"])["permissionGroupId"],
                         gid)
        group = self.ok("get_permission_group", permissionGroupId=gid)["permissionGroup"]
        self.assertEqual((group["name"], group["applicationPermissions"]),
                         ("quants", ["AccessNotebooks"]))
        self.assertEqual(group["description"], "Read-mostly analysts")

        self.assertEqual(self.ok("delete_permission_group", permissionGroupId=gid)
                         ["permissionGroupId"], gid)
        with self.assert_client_error("ResourceNotFoundException", status=404) as cm:
            self.fs.get_permission_group(permissionGroupId=gid)
        self.assertEqual(cm.exception.response.get("reason"), "PERMISSION_GROUP_NOT_FOUND")

    def test_unknown_group_is_not_found(self):
        calls = {
            "get_permission_group": {},
            "update_permission_group": {"name": "x"},
            "delete_permission_group": {},
            "list_users_by_permission_group": {"maxResults": 5},
        }
        for operation, params in calls.items():
            with self.subTest(operation=operation):
                with self.assert_client_error("ResourceNotFoundException", status=404):
                    getattr(self.fs, operation)(permissionGroupId="NoSuchGroup", **params)

    def test_list_permission_groups_paginates(self):
        created = [self.new_group(f"group-{i}") for i in range(5)]
        items, pages = self.pages("list_permission_groups", "permissionGroups", 2)
        self.assertEqual([g["permissionGroupId"] for g in items], created)
        self.assertEqual(pages, 3)
        paginator = self.fs.get_paginator("list_permission_groups")
        ids = [g["permissionGroupId"] for page in paginator.paginate(maxResults=4)
               for g in page["permissionGroups"]]
        self.assertEqual(ids, created)


class MembershipsTest(FinSpaceDataCase):
    def test_associate_and_disassociate(self):
        uid, gid = self.new_user(), self.new_group()
        resp = self.associate(gid, uid)
        self.assertEqual(resp["statusCode"], 200)
        self.assertEqual(resp["ResponseMetadata"]["HTTPStatusCode"], 200)

        users = self.ok("list_users_by_permission_group", permissionGroupId=gid,
                        maxResults=10)["users"]
        self.assertEqual([(u["userId"], u["membershipStatus"]) for u in users],
                         [(uid, "ADDITION_SUCCESS")])
        groups = self.ok("list_permission_groups_by_user", userId=uid,
                         maxResults=10)["permissionGroups"]
        self.assertEqual(groups, [{"permissionGroupId": gid, "name": "analysts",
                                   "membershipStatus": "ADDITION_SUCCESS"}])

        resp = self.disassociate(gid, uid)
        self.assertEqual(resp["statusCode"], 200)
        self.assertEqual(self.ok("list_users_by_permission_group", permissionGroupId=gid,
                                 maxResults=10)["users"], [])
        self.assertEqual(self.ok("list_permission_groups_by_user", userId=uid,
                                 maxResults=10)["permissionGroups"], [])

    def test_associating_an_associated_pair_is_a_conflict(self):
        uid, gid = self.new_user(), self.new_group()
        self.associate(gid, uid)
        with self.assert_client_error("ConflictException", status=409) as cm:
            self.fs.associate_user_to_permission_group(permissionGroupId=gid, userId=uid)
        self.assertEqual(cm.exception.response.get("reason"), "USER_ALREADY_IN_PERMISSION_GROUP")

    def test_disassociating_a_pair_not_associated_is_not_found(self):
        uid, gid = self.new_user(), self.new_group()
        with self.assert_client_error("ResourceNotFoundException", status=404) as cm:
            self.fs.disassociate_user_from_permission_group(permissionGroupId=gid, userId=uid)
        self.assertEqual(cm.exception.response.get("reason"), "USER_NOT_IN_PERMISSION_GROUP")

    def test_unknown_user_or_group_is_not_found(self):
        uid, gid = self.new_user(), self.new_group()
        for operation in ("associate_user_to_permission_group",
                          "disassociate_user_from_permission_group"):
            for group, user, reason in ((gid, "NoSuchUser", "USER_NOT_FOUND"),
                                        ("NoSuchGroup", uid, "PERMISSION_GROUP_NOT_FOUND")):
                with self.subTest(operation=operation, reason=reason):
                    with self.assert_client_error("ResourceNotFoundException", status=404) as cm:
                        getattr(self.fs, operation)(permissionGroupId=group, userId=user)
                    self.assertEqual(cm.exception.response.get("reason"), reason)

    def test_deleting_a_group_drops_its_memberships(self):
        uid = self.new_user()
        keep, drop = self.new_group("keep"), self.new_group("drop")
        self.associate(keep, uid)
        self.associate(drop, uid)
        self.ok("delete_permission_group", permissionGroupId=drop)
        groups = self.ok("list_permission_groups_by_user", userId=uid,
                         maxResults=10)["permissionGroups"]
        self.assertEqual([g["permissionGroupId"] for g in groups], [keep])

    def test_disabled_members_are_still_listed(self):
        uid, gid = self.new_user(), self.new_group()
        self.associate(gid, uid)
        self.ok("disable_user", userId=uid)
        users = self.ok("list_users_by_permission_group", permissionGroupId=gid,
                        maxResults=10)["users"]
        self.assertEqual([(u["userId"], u["status"]) for u in users], [(uid, "DISABLED")])

    def test_membership_listings_paginate(self):
        gid = self.new_group()
        members = [self.new_user() for _ in range(5)]
        for uid in members:
            self.associate(gid, uid)
        items, pages = self.pages("list_users_by_permission_group", "users", 2,
                                  permissionGroupId=gid)
        self.assertEqual([u["userId"] for u in items], members)
        self.assertEqual(pages, 3)

        groups = [self.new_group(f"g{i}") for i in range(4)]
        for g in groups:
            self.associate(g, members[0])
        items, pages = self.pages("list_permission_groups_by_user", "permissionGroups", 3,
                                  userId=members[0])
        self.assertEqual([g["permissionGroupId"] for g in items], [gid] + groups)
        self.assertEqual(pages, 2)


class ClientTokenTest(FinSpaceDataCase):
    def test_sdk_fills_in_a_token_per_call(self):
        sent = []
        self.fs.meta.events.register(
            "before-call.finspace-data.CreateUser",
            lambda params, **_: sent.append(params["body"]))
        self.new_user("one@example.com")
        self.new_user("two@example.com")
        tokens = [json.loads(body).get("clientToken") for body in sent]
        self.assertTrue(all(tokens), sent)
        self.assertNotEqual(tokens[0], tokens[1])
        self.assertEqual(len(self.ok("list_users", maxResults=10)["users"]), 2)

    def test_create_user_twice_with_a_token_replays(self):
        token = str(uuid.uuid4())
        first = self.ok("create_user", emailAddress="ann@example.com", type="APP_USER",
                        clientToken=token)
        again = self.ok("create_user", emailAddress="ann@example.com", type="APP_USER",
                        clientToken=token)
        self.assertEqual(first["userId"], again["userId"])
        self.assertEqual(len(self.ok("list_users", maxResults=10)["users"]), 1)

    def test_same_token_with_other_parameters_is_a_conflict(self):
        token = str(uuid.uuid4())
        self.ok("create_user", emailAddress="ann@example.com", type="APP_USER", clientToken=token)
        with self.assert_client_error("ConflictException", status=409) as cm:
            self.fs.create_user(emailAddress="bob@example.com", type="APP_USER", clientToken=token)
        self.assertEqual(cm.exception.response.get("reason"), "CLIENT_TOKEN_REUSED")

        uid, gid, other = self.new_user(), self.new_group(), self.new_group("other")
        self.associate(gid, uid, clientToken="assoc-1")
        with self.assert_client_error("ConflictException", status=409):
            self.fs.associate_user_to_permission_group(permissionGroupId=other, userId=uid,
                                                       clientToken="assoc-1")

    def test_associate_and_disassociate_replay(self):
        uid, gid = self.new_user(), self.new_group()
        self.assertEqual(self.associate(gid, uid, clientToken="a-1")["statusCode"], 200)
        self.assertEqual(self.associate(gid, uid, clientToken="a-1")["statusCode"], 200)
        # The token of DisassociateUserFromPermissionGroup travels in the query string.
        self.assertEqual(self.disassociate(gid, uid, clientToken="d-1")["statusCode"], 200)
        self.assertEqual(self.disassociate(gid, uid, clientToken="d-1")["statusCode"], 200)
        # Without the token, the second call is judged afresh.
        with self.assert_client_error("ResourceNotFoundException", status=404):
            self.fs.disassociate_user_from_permission_group(permissionGroupId=gid, userId=uid,
                                                            clientToken="d-2")

    def test_a_failed_first_call_is_replayed(self):
        uid, gid = self.new_user(), self.new_group()
        with self.assert_client_error("ResourceNotFoundException", status=404):
            self.fs.disassociate_user_from_permission_group(permissionGroupId=gid, userId=uid,
                                                            clientToken="fail-1")
        self.associate(gid, uid)
        with self.assert_client_error("ResourceNotFoundException", status=404) as cm:
            self.fs.disassociate_user_from_permission_group(permissionGroupId=gid, userId=uid,
                                                            clientToken="fail-1")
        self.assertEqual(cm.exception.response.get("reason"), "USER_NOT_IN_PERMISSION_GROUP")
        users = self.ok("list_users_by_permission_group", permissionGroupId=gid,
                        maxResults=10)["users"]
        self.assertEqual(len(users), 1)

    def test_every_token_operation_replays(self):
        uid, gid = self.new_user(), self.new_group()
        calls = [
            ("update_user", {"userId": uid, "lastName": "Lee"}),
            ("disable_user", {"userId": uid}),
            ("enable_user", {"userId": uid}),
            ("reset_user_password", {"userId": uid}),
            ("create_permission_group", {"name": "x", "applicationPermissions": []}),
            ("update_permission_group", {"permissionGroupId": gid, "description": "d"}),
            ("delete_permission_group", {"permissionGroupId": gid}),  # token in the query
        ]
        for operation, params in calls:
            with self.subTest(operation=operation):
                token = str(uuid.uuid4())
                first = self.ok(operation, clientToken=token, **params)
                again = self.ok(operation, clientToken=token, **params)
                strip = lambda r: {k: v for k, v in r.items() if k != "ResponseMetadata"}
                self.assertEqual(strip(first), strip(again))


class ValidationTest(FinSpaceDataCase):
    """Server-side checks, met by a client with parameter validation off."""

    def assert_invalid(self, operation, fragments=(), **params):
        with self.assert_client_error("ValidationException", status=400,
                                      message_contains=fragments) as cm:
            getattr(self.loose, operation)(**params)
        return cm.exception.response["Error"]["Message"]

    def test_max_results_range_and_presence(self):
        for operation, extra in (("list_users", {}), ("list_permission_groups", {})):
            with self.subTest(operation=operation):
                self.assert_invalid(operation, ["'maxResults'", "greater than or equal to 1"],
                                    maxResults=0, **extra)
                self.assert_invalid(operation, ["'maxResults'", "less than or equal to 100"],
                                    maxResults=101, **extra)
                self.assert_invalid(operation, ["Value null at 'maxResults'"], **extra)
        self.assert_invalid("list_users_by_permission_group", ["'maxResults'"],
                            permissionGroupId="g", maxResults=0)
        self.assert_invalid("list_permission_groups_by_user", ["'maxResults'"],
                            userId="u", maxResults=101)

    def test_bad_next_token(self):
        self.assert_invalid("list_users", maxResults=5, nextToken="not-a-token")

    def test_ids_longer_than_26_characters(self):
        self.assert_invalid("get_user", ["'userId'", "less than or equal to 26"], userId="u" * 27)
        self.assert_invalid("get_permission_group", ["'permissionGroupId'"],
                            permissionGroupId="g" * 27)

    def test_create_user_members(self):
        message = self.assert_invalid("create_user", ["2 validation errors detected"],
                                      emailAddress="not-an-email", type="ROBOT")
        self.assertIn("*** Sensitive Data Redacted ***", message)  # Email is sensitive
        self.assertNotIn("not-an-email", message)
        self.assertIn("enum value set: [SUPER_USER, APP_USER]", message)
        self.assert_invalid("create_user", ["Value null at 'type'"], emailAddress="a@example.com")
        self.assert_invalid("create_user", ["'clientToken'"], emailAddress="a@example.com",
                            type="APP_USER", clientToken="")

    def test_permission_group_members(self):
        self.assert_invalid("create_permission_group", ["'applicationPermissions.1.member'"],
                            name="g", applicationPermissions=["FlyPlanes"])
        self.assert_invalid("create_permission_group", ["Value null at 'applicationPermissions'"],
                            name="g")
        self.assert_invalid("disassociate_user_from_permission_group", ["'clientToken'"],
                            permissionGroupId="g", userId="u", clientToken="")

    def test_malformed_requests(self):
        resp = self.raw("POST", "/user", body="{not json",
                        headers={"Content-Type": "application/json"})
        self.assertEqual(resp.status, 400)
        self.assertEqual(resp.headers.get("x-amzn-ErrorType"), "SerializationException")
        self.assertTrue(resp.json()["message"])
        resp = self.raw("GET", "/user?maxResults=ten")
        self.assertEqual(resp.status, 400)
        self.assertEqual(resp.headers.get("x-amzn-ErrorType"), "SerializationException")

    def test_percent_encoded_labels_are_decoded(self):
        resp = self.raw("GET", "/user/No%20Such%2FUser")
        self.assertEqual(resp.status, 404)
        self.assertIn("No Such/User", resp.json()["message"])
        self.assertEqual(resp.json()["reason"], "USER_NOT_FOUND")


class CliTest(FinSpaceDataCase):
    def aws(self, *args):
        return self.cli("finspace-data", *args, access_key=self.account)

    def test_cli_round_trip(self):
        rc, out, err = self.aws("create-user", "--email-address", "cli@example.com",
                                "--type", "SUPER_USER", "--first-name", "Cli")
        self.assertEqual(rc, 0, err)
        uid = out["userId"]
        rc, out, err = self.aws("get-user", "--user-id", uid)
        self.assertEqual((rc, out["emailAddress"], out["firstName"]), (0, "cli@example.com", "Cli"))

        rc, out, err = self.aws("create-permission-group", "--name", "cli-group",
                                "--application-permissions", "CreateDataset", "AccessNotebooks")
        self.assertEqual(rc, 0, err)
        gid = out["permissionGroupId"]

        rc, out, err = self.aws("associate-user-to-permission-group",
                                "--permission-group-id", gid, "--user-id", uid)
        self.assertEqual((rc, out), (0, {"statusCode": 200}), err)
        rc, out, err = self.aws("list-users-by-permission-group", "--permission-group-id", gid,
                                "--max-results", "10")
        self.assertEqual(rc, 0, err)
        self.assertEqual([u["userId"] for u in out["users"]], [uid])
        rc, out, err = self.aws("list-permission-groups-by-user", "--user-id", uid,
                                "--max-results", "10")
        self.assertEqual([g["name"] for g in out["permissionGroups"]], ["cli-group"])

        rc, out, err = self.aws("disassociate-user-from-permission-group",
                                "--permission-group-id", gid, "--user-id", uid)
        self.assertEqual((rc, out), (0, {"statusCode": 200}), err)
        rc, out, err = self.aws("disassociate-user-from-permission-group",
                                "--permission-group-id", gid, "--user-id", uid)
        self.assertNotEqual(rc, 0)
        self.assertIn("ResourceNotFoundException", err)

        rc, out, err = self.aws("list-users", "--max-results", "10")
        self.assertEqual([u["userId"] for u in out["users"]], [uid])
        rc, out, err = self.aws("delete-permission-group", "--permission-group-id", gid)
        self.assertEqual((rc, out), (0, {"permissionGroupId": gid}), err)

    def test_cli_client_token_replay(self):
        args = ("create-user", "--email-address", "again@example.com", "--type", "APP_USER",
                "--client-token", "cli-token-1")
        rc1, first, err1 = self.aws(*args)
        rc2, again, err2 = self.aws(*args)
        self.assertEqual((rc1, rc2), (0, 0), err1 + err2)
        self.assertEqual(first["userId"], again["userId"])
        rc, out, err = self.aws("create-user", "--email-address", "other@example.com",
                                "--type", "APP_USER", "--client-token", "cli-token-1")
        self.assertNotEqual(rc, 0)
        self.assertIn("ConflictException", err)

    def test_cli_errors(self):
        rc, out, err = self.aws("get-user", "--user-id", "NoSuchUser")
        self.assertNotEqual(rc, 0)
        self.assertIn("ResourceNotFoundException", err)
        self.assertIn("NoSuchUser", err)
