package gen

// S3: bucket configuration calls are management events; object calls are data events with
// the object and bucket in resources.

const s3XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/"

func addS3(c *catalog) {
	// Bucket configuration reads, each with the empty sub-resource key S3 logs, and the error
	// a bucket without that configuration returns.
	gets := []struct {
		name, sub  string
		code, msg  string
		p          float64
		additional bool
	}{
		{"GetBucketAcl", "acl", "", "", 0, false},
		{"GetBucketPolicy", "policy", "NoSuchBucketPolicy", "The bucket policy does not exist", 0.45, false},
		{"GetBucketPolicyStatus", "policyStatus", "NoSuchBucketPolicy", "The bucket policy does not exist", 0.4, false},
		{"GetBucketPublicAccessBlock", "publicAccessBlock", "NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found", 0.45, false},
		{"GetBucketEncryption", "encryption", "ServerSideEncryptionConfigurationNotFoundError", "The server side encryption configuration was not found", 0.08, false},
		{"GetBucketVersioning", "versioning", "", "", 0, false},
		{"GetBucketLocation", "location", "", "", 0, false},
		{"GetBucketTagging", "tagging", "NoSuchTagSet", "The TagSet does not exist", 0.4, false},
		{"GetBucketLogging", "logging", "", "", 0, false},
		{"GetBucketLifecycle", "lifecycle", "NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist", 0.5, false},
		{"GetObjectLockConfiguration", "object-lock", "ObjectLockConfigurationNotFoundError", "Object Lock configuration does not exist for this bucket", 0.85, false},
		{"GetBucketReplication", "replication", "ReplicationConfigurationNotFoundError", "The replication configuration was not found", 0.9, false},
		{"GetBucketCors", "cors", "NoSuchCORSConfiguration", "The CORS configuration does not exist", 0.7, false},
		{"GetBucketWebsite", "website", "NoSuchWebsiteConfiguration", "The specified bucket does not have a website configuration", 0.9, false},
		{"GetBucketOwnershipControls", "ownershipControls", "", "", 0, false},
		{"GetBucketNotification", "notification", "", "", 0, false},
	}
	for _, g := range gets {
		a := &api{svc: svcS3, name: g.name, read: true, req: bucketReq(g.sub), extra: s3Extra, res: bucketRes}
		if g.code != "" {
			a.errs = []apiErr{{code: g.code, msg: g.msg, p: g.p}}
		}
		c.add("s3:"+g.name, a)
	}
	c.add("s3:HeadBucket", &api{svc: svcS3, name: "HeadBucket", read: true, req: bucketReq(""), extra: s3Extra, res: bucketRes})
	// Log delivery probing buckets it may not write to: the classic AccessDenied source.
	c.add("s3:HeadBucket#logs", &api{svc: svcS3, read: true, req: bucketReq(""), extra: s3Extra, res: bucketRes,
		errs: []apiErr{{code: "AccessDenied", msg: "Access Denied", p: 0.6}}})
	c.add("s3:GetBucketAcl#trail", &api{svc: svcS3, read: true, req: namedBucketReq("aws-cloudtrail-logs-", "acl"), extra: s3Extra, res: bucketRes})
	c.add("s3:GetBucketAcl#config", &api{svc: svcS3, read: true, req: namedBucketReq("config-bucket-", "acl"), extra: s3Extra, res: bucketRes})
	c.add("s3:ListBuckets", &api{svc: svcS3, name: "ListBuckets", read: true, req: func(e *ev) {
		e.host = append(e.host[:0], "s3.amazonaws.com"...)
		e.obj().ks("Host", "s3.amazonaws.com").end()
	}, extra: s3Extra})
	c.add("s3:ListAccessPoints", &api{svc: svcS3, name: "ListAccessPoints", read: true, req: func(e *ev) {
		e.host = append(append(append(append(e.host[:0], e.p.account...), ".s3-control."...), e.region...), ".amazonaws.com"...)
		e.obj().ki("maxResults", 1000).ksb("Host", e.host).end()
	}, extra: s3Extra})

	c.add("s3:CreateBucket", &api{svc: svcS3, name: "CreateBucket", req: func(e *ev) {
		e.bucket()
		e.setS3Host()
		e.obj()
		if !e.home {
			e.ko("CreateBucketConfiguration").ks("LocationConstraint", e.region).ks("xmlns", s3XMLNS).end()
		}
		e.ks("bucketName", e.bkt.name).ksb("Host", e.host).end()
	}, extra: s3Extra, res: bucketRes,
		errs: []apiErr{{code: "BucketAlreadyOwnedByYou", msg: "Your previous request to create the named bucket succeeded and you already own it.", p: 0.3}}})
	c.add("s3:DeleteBucket", &api{svc: svcS3, name: "DeleteBucket", req: bucketReq(""), extra: s3Extra, res: bucketRes,
		errs: []apiErr{{code: "BucketNotEmpty", msg: "The bucket you tried to delete is not empty", p: 0.5}}})
	c.add("s3:PutBucketPolicy", &api{svc: svcS3, name: "PutBucketPolicy", req: func(e *ev) {
		e.bucket()
		e.setS3Host()
		e.obj().ko("bucketPolicy").ks("Version", "2012-10-17").ka("Statement").obj().ks("Sid", "AllowSSLRequestsOnly").
			ks("Effect", "Deny").ks("Principal", "*").ks("Action", "s3:*").ka("Resource").cat("arn:aws:s3:::", e.bkt.name).
			cat("arn:aws:s3:::", e.bkt.name, "/*").endArr().ko("Condition").ko("Bool").ks("aws:SecureTransport", "false").end().end().
			end().endArr().end().ks("bucketName", e.bkt.name).ksb("Host", e.host).ks("policy", "").end()
	}, extra: s3Extra, res: bucketRes,
		errs: []apiErr{{code: "MalformedPolicy", msg: "Policy has invalid resource", p: 0.03}}})
	c.add("s3:DeleteBucketPolicy", &api{svc: svcS3, name: "DeleteBucketPolicy", req: bucketReq("policy"), extra: s3Extra, res: bucketRes})
	c.add("s3:PutBucketPublicAccessBlock", &api{svc: svcS3, name: "PutBucketPublicAccessBlock", req: func(e *ev) {
		block := e.r.intn(8) != 0
		e.bucket()
		e.setS3Host()
		e.obj().ks("publicAccessBlock", "").ks("bucketName", e.bkt.name).ksb("Host", e.host).ko("PublicAccessBlockConfiguration").
			ks("xmlns", s3XMLNS).kb("RestrictPublicBuckets", block).kb("BlockPublicPolicy", block).kb("BlockPublicAcls", block).
			kb("IgnorePublicAcls", block).end().end()
	}, extra: s3Extra, res: bucketRes})
	c.add("s3:DeleteBucketPublicAccessBlock", &api{svc: svcS3, name: "DeleteBucketPublicAccessBlock", req: bucketReq("publicAccessBlock"), extra: s3Extra, res: bucketRes})
	c.add("s3:PutBucketVersioning", &api{svc: svcS3, name: "PutBucketVersioning", req: func(e *ev) {
		e.bucket()
		e.setS3Host()
		e.obj().ks("bucketName", e.bkt.name).ksb("Host", e.host).ks("versioning", "").ko("VersioningConfiguration").
			ks("Status", "Enabled").ks("xmlns", s3XMLNS).end().end()
	}, extra: s3Extra, res: bucketRes})
	c.add("s3:PutBucketEncryption", &api{svc: svcS3, name: "PutBucketEncryption", req: func(e *ev) {
		e.bucket()
		e.setS3Host()
		e.obj().ks("bucketName", e.bkt.name).ksb("Host", e.host).ks("encryption", "").ko("ServerSideEncryptionConfiguration").
			ks("xmlns", s3XMLNS).ko("Rule").ko("ApplyServerSideEncryptionByDefault").ks("SSEAlgorithm", "AES256").end().
			kb("BucketKeyEnabled", true).end().end().end()
	}, extra: s3Extra, res: bucketRes})
	c.add("s3:PutBucketAcl", &api{svc: svcS3, name: "PutBucketAcl", req: func(e *ev) {
		e.bucket()
		e.setS3Host()
		e.obj().ks("bucketName", e.bkt.name).ksb("Host", e.host).ks("acl", "").ka("x-amz-acl").s("private").endArr().end()
	}, extra: s3Extra, res: bucketRes})
	c.add("s3:PutBucketTagging", &api{svc: svcS3, name: "PutBucketTagging", req: func(e *ev) {
		e.bucket()
		e.setS3Host()
		e.obj().ks("bucketName", e.bkt.name).ksb("Host", e.host).ks("tagging", "").ko("Tagging").ks("xmlns", s3XMLNS).
			ko("TagSet").ko("Tag").ks("Value", e.one(owners)).ks("Key", "Owner").end().end().end().end()
	}, extra: s3Extra, res: bucketRes})

	// Data events.
	c.add("s3:GetObject", &api{svc: svcS3, name: "GetObject", read: true, kind: kindData, req: objectReq, extra: s3Extra, res: objectRes,
		errs: []apiErr{{code: "NoSuchKey", msg: "The specified key does not exist.", p: 0.015}}})
	// Another account's role reading a shared bucket, sometimes without permission.
	c.add("s3:GetObject#partner", &api{svc: svcS3, read: true, kind: kindData, req: objectReq, extra: s3Extra, res: objectRes,
		errs: []apiErr{{code: "AccessDenied", msg: "Access Denied", p: 0.12}}})
	c.add("s3:HeadObject", &api{svc: svcS3, name: "HeadObject", read: true, kind: kindData, req: objectReq, extra: s3Extra, res: objectRes,
		errs: []apiErr{{code: "NoSuchKey", msg: "The specified key does not exist.", p: 0.03}}})
	c.add("s3:PutObject", &api{svc: svcS3, name: "PutObject", kind: kindData, req: putObjectReq, resp: putObjectResp, extra: s3Extra, res: objectRes})
	c.add("s3:DeleteObject", &api{svc: svcS3, name: "DeleteObject", kind: kindData, req: objectReq, extra: s3Extra, res: objectRes})
	c.add("s3:CopyObject", &api{svc: svcS3, name: "CopyObject", kind: kindData, req: func(e *ev) {
		objectReq(e)
		e.b = e.b[:len(e.b)-1] // reopen the object
		e.k("x-amz-copy-source").cat(e.bkt.name, "/", e.key).end()
	}, resp: func(e *ev) {
		e.obj().ko("CopyObjectResult").k("ETag").hex("", 32).k("LastModified").ts(e.t).end().end()
	}, extra: s3Extra, res: objectRes})
	c.add("s3:ListObjects", &api{svc: svcS3, name: "ListObjects", read: true, kind: kindData, req: func(e *ev) {
		e.bucket()
		e.setS3Host()
		e.obj().ks("list-type", "2").ks("bucketName", e.bkt.name).ks("encoding-type", "url").ks("prefix", e.one(prefixes)).
			ks("delimiter", "/").ksb("Host", e.host).end()
	}, extra: s3Extra, res: prefixRes})
	// Trails and Config delivering their files.
	c.add("s3:PutObject#trail", &api{svc: svcS3, kind: kindData, req: deliveryReq("aws-cloudtrail-logs-", "CloudTrail"),
		extra: s3Extra, res: objectRes})
	c.add("s3:PutObject#config", &api{svc: svcS3, kind: kindData, req: deliveryReq("config-bucket-", "Config"),
		extra: s3Extra, res: objectRes})
}

var prefixes = []string{"", "data/", "reports/2024/", "uploads/", "AWSLogs/"}

func (e *ev) setS3Host() {
	e.host = append(append(append(append(e.host[:0], e.bkt.name...), ".s3."...), e.region...), ".amazonaws.com"...)
}

// bucketReq: {"bucketName":…,"Host":…[,sub:""]}.
func bucketReq(sub string) builder {
	return func(e *ev) {
		e.bucket()
		e.setS3Host()
		e.obj()
		if sub != "" {
			e.ks(sub, "")
		}
		e.ks("bucketName", e.bkt.name).ksb("Host", e.host).end()
	}
}

// namedBucket picks the home region bucket whose name starts with prefix.
func (e *ev) namedBucket(prefix string) *bucket {
	for _, b := range e.p.regions[0].buckets {
		if len(b.name) >= len(prefix) && b.name[:len(prefix)] == prefix {
			e.bkt = b
			return b
		}
	}
	return e.bucket()
}

func namedBucketReq(prefix, sub string) builder {
	return func(e *ev) {
		e.namedBucket(prefix)
		e.setS3Host()
		e.obj().ks(sub, "").ks("bucketName", e.bkt.name).ksb("Host", e.host).end()
	}
}

func objectReq(e *ev) {
	e.bucket()
	e.objectKey()
	e.setS3Host()
	e.obj().ks("bucketName", e.bkt.name).ksb("Host", e.host).ks("key", e.key).end()
}

func putObjectReq(e *ev) {
	e.bucket()
	e.objectKey()
	e.setS3Host()
	e.obj().ks("bucketName", e.bkt.name).ksb("Host", e.host).ks("key", e.key)
	if e.n = e.r.intn(4); e.n == 0 {
		e.ks("x-amz-server-side-encryption", "aws:kms").ks("x-amz-server-side-encryption-aws-kms-key-id", e.kmsKey())
	} else if e.n == 1 {
		e.ks("x-amz-server-side-encryption", "AES256")
	}
	e.end()
}

func putObjectResp(e *ev) {
	e.obj()
	if e.n == 0 {
		e.ks("x-amz-server-side-encryption", "aws:kms")
	} else {
		e.ks("x-amz-server-side-encryption", "AES256")
	}
	e.k("x-amz-version-id").chars("", alnum, 32).end()
}

// deliveryReq: a service writing one of its log files under AWSLogs/<account>/<what>/.
// The key is kept in e.id for objectRes.
func deliveryReq(prefix, what string) builder {
	return func(e *ev) {
		e.namedBucket(prefix)
		e.setS3Host()
		y, m, d := civil(e.t / 86400)
		k := append(e.id[:0], "AWSLogs/"...)
		k = append(k, e.p.account...)
		k = append(append(append(k, '/'), what...), '/')
		k = append(append(k, e.region...), '/')
		k = append(append4(k, y), '/')
		k = append(append2(k, m), '/')
		k = append(append2(k, d), '/')
		k = append(append(k, e.p.account...), '_')
		k = append(append(k, what...), '_')
		k = append(append(k, e.region...), '_')
		k = e.r.appendChars(k, alnum, 16)
		e.id = append(k, ".json.gz"...)
		e.obj().ks("bucketName", e.bkt.name).ksb("Host", e.host).ks("x-amz-acl", "bucket-owner-full-control").ksb("key", e.id).end()
	}
}

// s3Extra writes the additionalEventData S3 logs for every call.
func s3Extra(e *ev) {
	cipher := e.cipher
	if cipher == "" {
		cipher = cs12
	}
	var in, out int64
	switch e.api.name {
	case "GetObject":
		out = int64(200 + e.r.intn(4<<20))
	case "PutObject":
		in = int64(200 + e.r.intn(1<<20))
	case "ListObjects", "ListBuckets":
		out = int64(500 + e.r.intn(20000))
	default:
		out = int64(e.r.intn(1200))
	}
	e.obj().ks("SignatureVersion", "SigV4").ks("CipherSuite", cipher).ki("bytesTransferredIn", in).
		ks("AuthenticationMethod", "AuthHeader").k("x-amz-id-2").chars("", b64Set, 76).ki("bytesTransferredOut", out)
	if e.bkt != nil && e.bkt.aclRequire {
		e.ks("aclRequired", "Yes")
	}
	if e.api.name == "PutObject" && !e.failed {
		e.ks("SSEApplied", "Default_SSE_S3")
	}
	e.end()
}

func bucketRes(e *ev) {
	e.arr()
	e.resource(e.p.account, "AWS::S3::Bucket", "arn:aws:s3:::", e.bkt.name)
	e.endArr()
}

// prefixRes is how CloudTrail names the objects a bucket listing reads: an AWS::S3::Object
// resource with an ARNPrefix, then the bucket.
func prefixRes(e *ev) {
	e.arr().obj().ks("type", "AWS::S3::Object").k("ARNPrefix").cat("arn:aws:s3:::", e.bkt.name, "/").end()
	e.resource(e.p.account, "AWS::S3::Bucket", "arn:aws:s3:::", e.bkt.name)
	e.endArr()
}

func objectRes(e *ev) {
	e.arr().obj().ks("type", "AWS::S3::Object").k("ARN")
	b := append(e.b, `"arn:aws:s3:::`...)
	b = append(append(b, e.bkt.name...), '/')
	if len(e.id) > 0 {
		b = append(b, e.id...)
	} else {
		b = append(b, e.key...)
	}
	e.b = append(b, '"')
	e.end()
	e.resource(e.p.account, "AWS::S3::Bucket", "arn:aws:s3:::", e.bkt.name)
	e.endArr()
}
