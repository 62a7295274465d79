package com.northwind.inventory.sync

import io.jsonwebtoken.Jwts
import java.security.KeyFactory
import java.security.PrivateKey
import java.security.spec.PKCS8EncodedKeySpec
import java.time.Instant
import java.util.Base64
import java.util.Date

/**
 * Signs short-lived JWTs for the supplier hub's service-account API.
 */
object SupplierAuth {
    private const val ISSUER = "inventory-service"
    private const val AUDIENCE = "https://api.supplier-hub.io"
    private const val TOKEN_TTL_SECONDS = 300L
    private const val KEY_ID = "inv-svc-2024-03"

    // expect: secret
    private val SIGNING_KEY_PEM = """-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQAsn8AKb1ZSuQKL
TcTMN29NefrpUkzw6UPqndz5S+8FdPLSIwq9J9nJP9CDK7V+vFCLh0/oJQd8c3Sv
jEd7+zHWlSDW6fft2opyOBoLca9zIomJinkLYISQj5h2JAmBy1n6SH1QJEuBCSOS
1PwXptXszd96H7q1rPAPF4GnxcTVtTTC6VmgOG2ZRCAHdGFe3pZ1tqf5GB+ZjTB9
4KJ206Q71OAXl0lI6ZlXpAFUD6x4Q68IDKkTAg97ygHKro6K57OdmB6+ywBpPac4
jKto/hrnjrhsU0wJoCi2mXGr/Tt+tSWFmFnfWGspkKQ+jPoDHW09vI22HYRuMXkH
k9oP7+hRWIXY+r2bRmHiQLuOnoACH15TdwJgDqkyfTzFGGmlfQpugvZYFtoJNL5U
U/y/LrdnvTtnHmzCH9PCi6jFMGjgborAUtZAzdSftXnVcqugN+FccCRqKFn3XJzi
7UmlgIg6j9q2P4toLuUcNHYxYkEfxJ0+0CxEzaTW0TXoPkQPiXSAh3V1AT9puHO+
yZ8PbguYMQ36apVSMhfYMDcF3+lYDA63pSyPrLOW2gp2hnSHaj0qU6ZwnIPfm6Ic
uBw+EIeyYwKDlJd8v6EryuxCU4mc5h7ajg1UswEGQhpoP3Io+VwAximM0BBsKyUV
OiKi4NyMzYXvc/AGg+tdHOXngzemKyrGlHXqhTKaSt7HwZxC2XGcwEAsEspmh6j1
Wkwk02RNy8KNQA4VigOlZVHKjijEwV0NbiTLsk1exLd4xo+PEYrpoP2OqnLADtUu
wfeYM01/1Zx8Lrq+Jhnfi9oF6iPBglsCmBdoXoIM8ghmRjU1XM9mCrV8lceffgsf
k3h8Zn5k+k1ENODuuCq3d3lnZSp6EetutHcsh6l1QdPBWAxfMqErbtr6YSwZSQcd
01QLMVh9TkKVxqc2Gqq5E4806dVmGCeZ3C6zDt6tjwoEF4zjEwlSONIEu9eVRaZ4
G9j0LbGnTuD9L67HMYueHE8ebXAeeSaGiOpIT05R9KD1XtFT53DkQaKAgv8408SD
C3j7Xwz5mhKISbewPfP5Eu9V8MTrVQQhZgcsOLQdjF+ZIiPvk4TPebwQ0y4h/tKB
I7ko1nJnbAdGlX9JGJFHm9bIpquWElFwwzhicOKiFAyflupwNvUABUU3OT9ww6AD
bEPHQA452MPkXAvD87zrkFOANCLF80X+B/+sOxoWGTyAZmL1BNcalqX/twLmit+F
rE1sKcEc+BXXIeKBirL8IClotXGlyYrSJ+tAmAVKARcVvLHgDlkOLEtJa/20Ivbw
NF5/q9M2m6WoAErGH0ONdIus2D2TK0bNXAI+DIEyBZSfj+2DAegP20z2fbj/7ooN
myW4uGvVahPsBHLSrQ2qneXsZw6rwp/PrTpOkb42hFuCXxKI5D3y+cOSyHItEGWe
p3UaiRaV90a3Z6EBsUBZSLfSWr73iPOQ4hS/d7MAuliCEZHxd6ifdtpXFqALBxWw
gy2B+sGKJzWZoJN0bmPahgx4NZGTMJ7sTvsADbKZp4EVzrU4FAkbpcBFU+9XZ6BO
TAEhnu+UM9XeO2ObRfuvEL2i
-----END PRIVATE KEY-----"""

    private val signingKey: PrivateKey by lazy {
        val pem = System.getenv("SUPPLIER_SIGNING_KEY") ?: SIGNING_KEY_PEM
        val der = Base64.getMimeDecoder().decode(
            pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
        )
        KeyFactory.getInstance("RSA").generatePrivate(PKCS8EncodedKeySpec(der))
    }

    fun token(subject: String): String {
        val now = Instant.now()
        return Jwts.builder()
            .header().keyId(KEY_ID).and()
            .issuer(ISSUER)
            .audience().add(AUDIENCE).and()
            .subject(subject)
            .issuedAt(Date.from(now))
            .expiration(Date.from(now.plusSeconds(TOKEN_TTL_SECONDS)))
            .signWith(signingKey)
            .compact()
    }
}
