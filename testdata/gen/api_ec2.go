package gen

// EC2: the busiest management API of most accounts. Describe calls log no response.

var instanceTypes = []string{"t3.micro", "t3.small", "t3.medium", "m5.large", "m6i.xlarge", "c6g.large", "r5.2xlarge"}

func addEC2(c *catalog) {
	describe := func(name string, reqs ...string) {
		if len(reqs) == 0 {
			reqs = []string{`{"filterSet":{}}`}
		}
		c.add("ec2:"+name, &api{svc: svcEC2, name: name, read: true, reqs: reqs})
	}
	describe("DescribeInstances",
		`{"instancesSet":{},"filterSet":{}}`,
		`{"maxResults":1000,"instancesSet":{},"filterSet":{}}`,
		`{"instancesSet":{},"filterSet":{"items":[{"name":"instance-state-name","valueSet":{"items":[{"value":"running"}]}}]}}`,
		`{"maxResults":50,"instancesSet":{},"filterSet":{"items":[{"name":"tag:aws:autoscaling:groupName","valueSet":{"items":[{"value":"web-asg"}]}}]}}`)
	describe("DescribeSecurityGroups", `{"securityGroupSet":{},"securityGroupIdSet":{},"filterSet":{}}`)
	describe("DescribeVpcs", `{"vpcSet":{},"filterSet":{}}`)
	describe("DescribeSubnets", `{"subnetSet":{},"filterSet":{}}`)
	describe("DescribeRouteTables", `{"routeTableIdSet":{},"filterSet":{}}`)
	describe("DescribeVolumes", `{"volumeSet":{},"filterSet":{}}`, `{"volumeSet":{},"filterSet":{},"maxResults":500}`)
	describe("DescribeImages", `{"executableBySet":{},"imagesSet":{},"ownersSet":{"items":[{"owner":"self"}]},"filterSet":{}}`,
		`{"executableBySet":{},"imagesSet":{},"ownersSet":{"items":[{"owner":"amazon"}]},"filterSet":{"items":[{"name":"name","valueSet":{"items":[{"value":"al2023-ami-2023.*-x86_64"}]}}]}}`)
	describe("DescribeNetworkInterfaces", `{"networkInterfaceIdSet":{},"filterSet":{}}`)
	describe("DescribeAddresses", `{"publicIpsSet":{},"allocationIdsSet":{},"filterSet":{}}`)
	describe("DescribeAccountAttributes", `{"accountAttributeNameSet":{"items":[{"attributeName":"supported-platforms"}]},"filterSet":{}}`)
	describe("DescribeRegions", `{"regionSet":{}}`, `{"regionSet":{},"allRegions":true}`)
	describe("DescribeAvailabilityZones", `{"availabilityZoneSet":{},"availabilityZoneIdSet":{}}`)
	describe("DescribeInstanceStatus", `{"instancesSet":{},"filterSet":{},"includeAllInstances":false}`)
	describe("DescribeSnapshots", `{"snapshotSet":{},"ownersSet":{"items":[{"owner":"self"}]},"sharedUsersSet":{},"filterSet":{}}`)
	describe("DescribeKeyPairs", `{"keySet":{},"filterSet":{}}`)
	describe("DescribeLaunchTemplates", `{"launchTemplateIds":{},"launchTemplateNames":{},"filterSet":{}}`)
	describe("DescribeNatGateways", `{"DescribeNatGatewaysRequest":{}}`)
	describe("DescribeTags", `{"filterSet":{"items":[{"name":"resource-type","valueSet":{"items":[{"value":"instance"}]}}]}}`)
	describe("DescribeVpcEndpoints", `{"DescribeVpcEndpointsRequest":{}}`)
	describe("DescribeInstanceTypes", `{"DescribeInstanceTypesRequest":{"InstanceType":{"tag":1,"content":"t3.micro"}}}`)

	c.add("ec2:RunInstances", &api{svc: svcEC2, name: "RunInstances", req: runInstancesReq, resp: runInstancesResp,
		errs: []apiErr{
			{code: "Client.InvalidParameterValue", msg: "Value () for parameter groupId is invalid. The value cannot be empty", p: 0.02},
			{code: "Server.InsufficientInstanceCapacity", msg: "We currently do not have sufficient capacity in the Availability Zone you requested.", p: 0.01},
			{code: "Client.VcpuLimitExceeded", msg: "You have requested more vCPU capacity than your current vCPU limit of 32 allows for the instance bucket that the specified instance type belongs to.", p: 0.01},
		}})
	c.add("ec2:TerminateInstances", &api{svc: svcEC2, name: "TerminateInstances",
		req: instancesReq, resp: stateChangeResp(32, "shutting-down", 16, "running"),
		errs: []apiErr{{code: "Client.InvalidInstanceID.NotFound", msg: "The instance ID does not exist", p: 0.01}}})
	c.add("ec2:StartInstances", &api{svc: svcEC2, name: "StartInstances", req: instancesReq, resp: stateChangeResp(0, "pending", 80, "stopped"),
		errs: []apiErr{{code: "Client.IncorrectInstanceState", msg: "The instance is not in a state from which it can be started.", p: 0.03}}})
	c.add("ec2:StopInstances", &api{svc: svcEC2, name: "StopInstances", req: func(e *ev) {
		e.obj().items("instancesSet").obj().ks("instanceId", e.instanceID()).end().closeItems().kb("force", false).end()
	}, resp: stateChangeResp(64, "stopping", 16, "running")})
	c.add("ec2:RebootInstances", &api{svc: svcEC2, name: "RebootInstances", req: instancesReq, resp: returnTrue})

	c.add("ec2:CreateSecurityGroup", &api{svc: svcEC2, name: "CreateSecurityGroup", req: func(e *ev) {
		e.obj().k("groupName").chars("app-sg-", lowerHex, 6).ks("groupDescription", "Managed by Terraform").ks("vpcId", e.one(e.g.vpcs)).end()
	}, resp: func(e *ev) {
		e.obj().k("requestId").requestID().kb("_return", true).k("groupId").chars("sg-0", lowerHex, 16).end()
	}, errs: []apiErr{{code: "Client.InvalidGroup.Duplicate", msg: "The security group 'app-sg' already exists for VPC", p: 0.03}}})
	c.add("ec2:DeleteSecurityGroup", &api{svc: svcEC2, name: "DeleteSecurityGroup", req: groupReq, resp: returnTrue,
		errs: []apiErr{{code: "Client.DependencyViolation", msg: "resource sg has a dependent object", p: 0.15}}})
	c.add("ec2:AuthorizeSecurityGroupIngress", &api{svc: svcEC2, name: "AuthorizeSecurityGroupIngress", req: sgRuleReq, resp: sgRuleResp,
		errs: []apiErr{{code: "Client.InvalidPermission.Duplicate", msg: "the specified rule \"peer: 0.0.0.0/0, TCP, from port: 22, to port: 22, ALLOW\" already exists", p: 0.05}}})
	c.add("ec2:RevokeSecurityGroupIngress", &api{svc: svcEC2, name: "RevokeSecurityGroupIngress", req: sgRuleReq, resp: returnTrue,
		errs: []apiErr{{code: "Client.InvalidPermission.NotFound", msg: "The specified rule does not exist in this security group.", p: 0.2}}})
	c.add("ec2:RevokeSecurityGroupEgress", &api{svc: svcEC2, name: "RevokeSecurityGroupEgress", req: sgRuleReq, resp: returnTrue,
		errs: []apiErr{{code: "Client.InvalidPermission.NotFound", msg: "The specified rule does not exist in this security group.", p: 0.1}}})
	c.add("ec2:ModifySecurityGroupRules", &api{svc: svcEC2, name: "ModifySecurityGroupRules", req: func(e *ev) {
		e.obj().ko("ModifySecurityGroupRulesRequest").ks("GroupId", e.one(e.g.sgs)).ko("SecurityGroupRule").k("SecurityGroupRuleId").chars("sgr-0", lowerHex, 16).
			ko("SecurityGroupRule").ks("Description", "").ks("IpProtocol", "tcp").ki("FromPort", 443).ki("ToPort", 443).
			ks("CidrIpv4", e.one(cidrs)).end().end().end().end()
	}, resp: func(e *ev) {
		e.obj().ko("ModifySecurityGroupRulesResponse").k("requestId").requestID().kb("return", true).end().end()
	}})
	c.add("ec2:CreateTags", &api{svc: svcEC2, name: "CreateTags", req: func(e *ev) {
		e.obj().items("resourcesSet").obj().ks("resourceId", e.instance()).end().closeItems().
			items("tagSet").obj().ks("key", "Owner").ks("value", e.one(owners)).end().closeItems().end()
	}, resp: returnTrue})
	c.add("ec2:DeleteTags", &api{svc: svcEC2, name: "DeleteTags", req: func(e *ev) {
		e.obj().items("resourcesSet").obj().ks("resourceId", e.instance()).end().closeItems().
			items("tagSet").obj().ks("key", "Temporary").end().closeItems().end()
	}, resp: returnTrue})
	c.add("ec2:CreateSnapshot", &api{svc: svcEC2, name: "CreateSnapshot", req: func(e *ev) {
		e.obj().ks("volumeId", e.one(e.g.volumes)).ks("description", "nightly backup").end()
	}, resp: func(e *ev) {
		e.obj().k("requestId").requestID().k("snapshotId").chars("snap-0", lowerHex, 16).ks("volumeId", e.one(e.g.volumes)).
			ks("status", "pending").k("startTime").ms().ks("progress", "").ks("ownerId", e.p.account).ki("volumeSize", 8).
			kb("encrypted", e.r.intn(4) == 0).end()
	}})
	c.add("ec2:CreateKeyPair", &api{svc: svcEC2, name: "CreateKeyPair", req: func(e *ev) {
		e.obj().k("keyName").chars("deploy-", lowerHex, 4).end()
	}, resp: func(e *ev) {
		e.obj().k("requestId").requestID().k("keyName").chars("deploy-", lowerHex, 4).
			k("keyFingerprint").chars("", lowerHex, 40).k("keyPairId").chars("key-0", lowerHex, 16).ks("keyMaterial", "<sensitiveDataRemoved>").end()
	}})
	c.add("ec2:AssociateAddress", &api{svc: svcEC2, name: "AssociateAddress", req: func(e *ev) {
		e.obj().k("allocationId").chars("eipalloc-0", lowerHex, 16).ks("instanceId", e.instance()).kb("allowReassociation", false).end()
	}, resp: func(e *ev) {
		e.obj().k("requestId").requestID().kb("_return", true).k("associationId").chars("eipassoc-0", lowerHex, 16).end()
	}})
	c.add("ec2:DisassociateAddress", &api{svc: svcEC2, name: "DisassociateAddress", req: func(e *ev) {
		e.obj().k("associationId").chars("eipassoc-0", lowerHex, 16).end()
	}, resp: returnTrue})
	c.add("ec2:CreateNetworkAclEntry", &api{svc: svcEC2, name: "CreateNetworkAclEntry", req: func(e *ev) {
		e.obj().k("networkAclId").chars("acl-0", lowerHex, 16).ki("ruleNumber", int64(100+e.r.intn(20))).ks("egress", "false").
			ks("ruleAction", "allow").ki("protocol", 6).ks("cidrBlock", e.one(cidrs)).ko("portRange").ki("from", 443).ki("to", 443).end().end()
	}, resp: returnTrue})
	c.add("ec2:CreateVpc", &api{svc: svcEC2, name: "CreateVpc", req: func(e *ev) {
		e.obj().ks("cidrBlock", "10.42.0.0/16").kb("amazonProvidedIpv6CidrBlock", false).end()
	}, resp: func(e *ev) {
		e.obj().k("requestId").requestID().ko("vpc").k("vpcId").chars("vpc-0", lowerHex, 16).ks("state", "pending").
			ks("ownerId", e.p.account).ks("cidrBlock", "10.42.0.0/16").ks("instanceTenancy", "default").kb("isDefault", false).end().end()
	}, errs: []apiErr{{code: "Client.VpcLimitExceeded", msg: "The maximum number of VPCs has been reached.", p: 0.2}}})
	c.add("ec2:GetConsoleOutput", &api{svc: svcEC2, name: "GetConsoleOutput", read: true, req: func(e *ev) {
		e.obj().ks("instanceId", e.instance()).end()
	}})
}

var (
	cidrs  = []string{"10.0.0.0/16", "0.0.0.0/0", "203.0.113.0/24", "172.31.0.0/16", "0.0.0.0/0"}
	owners = []string{"team-orders", "team-payments", "platform", "data-eng"}
	ports  = []int64{22, 443, 80, 3389, 5432, 8080}
)

// instanceID picks an instance for this event and remembers it for the response.
func (e *ev) instanceID() string {
	e.inst = e.instance()
	return e.inst
}

func returnTrue(e *ev) { e.obj().k("requestId").requestID().kb("_return", true).end() }

func instancesReq(e *ev) {
	e.obj().items("instancesSet").obj().ks("instanceId", e.instanceID()).end().closeItems().end()
}

func groupReq(e *ev) { e.obj().ks("groupId", e.one(e.g.sgs)).end() }

func stateChangeResp(code int64, name string, prevCode int64, prev string) builder {
	return func(e *ev) {
		e.obj().k("requestId").requestID().items("instancesSet").obj().ks("instanceId", e.inst).
			ko("currentState").ki("code", code).ks("name", name).end().
			ko("previousState").ki("code", prevCode).ks("name", prev).end().end().closeItems().end()
	}
}

func sgRuleReq(e *ev) {
	e.name = e.one(e.g.sgs)
	e.n = int(ports[e.r.intn(len(ports))])
	e.key = e.one(cidrs)
	e.obj().ks("groupId", e.name).items("ipPermissions").obj().ks("ipProtocol", "tcp").ki("fromPort", int64(e.n)).ki("toPort", int64(e.n)).
		ko("groups").end().items("ipRanges").obj().ks("cidrIp", e.key).end().closeItems().
		ko("ipv6Ranges").end().ko("prefixListIds").end().end().closeItems().end()
}

func sgRuleResp(e *ev) {
	e.obj().k("requestId").requestID().kb("_return", true).items("securityGroupRuleSet").obj().
		ks("groupOwnerId", e.p.account).ks("groupId", e.name).k("securityGroupRuleId").chars("sgr-0", lowerHex, 16).
		kb("isEgress", false).ks("ipProtocol", "tcp").ki("fromPort", int64(e.n)).ki("toPort", int64(e.n)).ks("cidrIpv4", e.key).
		end().closeItems().end()
}

func runInstancesReq(e *ev) {
	e.key = e.one(e.g.amis)
	e.name = instanceTypes[e.r.intn(len(instanceTypes))]
	e.obj().items("instancesSet").obj().ks("imageId", e.key).ki("minCount", 1).ki("maxCount", 1).end().closeItems().
		ks("instanceType", e.name).ko("blockDeviceMapping").end().ko("monitoring").kb("enabled", false).end().
		kb("disableApiTermination", false).kb("disableApiStop", false).k("clientToken").uuid().
		items("tagSpecificationSet").obj().ks("resourceType", "instance").ka("tags").obj().ks("key", "Name").
		ks("value", e.one(owners)).end().endArr().end().closeItems().end()
}

func runInstancesResp(e *ev) {
	// A new instance; rarely the one sample queries look up by ID.
	var id []byte
	if e.home && e.r.intn(200) == 0 {
		id = append(e.id[:0], "i-b188560f"...)
	} else {
		id = e.r.appendChars(append(e.id[:0], "i-0"...), lowerHex, 16)
	}
	e.id = id
	az := e.one(e.g.azs)
	e.obj().k("requestId").requestID().k("reservationId").chars("r-0", lowerHex, 16).ks("ownerId", e.p.account).ko("groupSet").end().
		items("instancesSet").obj().ksb("instanceId", e.id).ks("imageId", e.key).
		ko("instanceState").ki("code", 0).ks("name", "pending").end().ks("privateDnsName", "ip-10-0-1-23.ec2.internal").
		ki("amiLaunchIndex", 0).ko("productCodes").end().ks("instanceType", e.name).k("launchTime").ms().
		ko("placement").ks("availabilityZone", az).ks("tenancy", "default").end().ko("monitoring").ks("state", "disabled").end().
		ks("subnetId", e.one(e.g.subnets)).ks("vpcId", e.one(e.g.vpcs)).ks("privateIpAddress", "10.0.1.23").
		ko("stateReason").ks("code", "pending").ks("message", "pending").end().ks("architecture", "x86_64").
		ks("rootDeviceType", "ebs").ks("rootDeviceName", "/dev/xvda").ko("blockDeviceMapping").end().
		ks("virtualizationType", "hvm").ks("hypervisor", "xen").items("groupSet").obj().ks("groupId", e.one(e.g.sgs)).
		ks("groupName", "default").end().closeItems().kb("sourceDestCheck", true).kb("ebsOptimized", false).kb("enaSupport", true).
		ko("cpuOptions").ki("coreCount", 1).ki("threadsPerCore", 2).end().
		ko("metadataOptions").ks("state", "pending").ks("httpTokens", "required").ki("httpPutResponseHopLimit", 2).
		ks("httpEndpoint", "enabled").end().ks("currentInstanceBootMode", "legacy-bios").end().closeItems().end()
}
