"""What people call each other: the short forms of common English and Spanish given names ("Bill" for
William, "Lupe" for Guadalupe, "Pepe" for José), so a known member named William is found as "Bill"
on the call. Short forms that are everyday words ("will", "pat", "don") count only where a name would be
capitalised or titled (see `known`)."""

from __future__ import annotations

_TABLE = """
william: bill billy will willie liam | robert: bob bobby rob robbie | elizabeth: liz beth betty lizzie betsy
margaret: peggy maggie meg marge | james: jim jimmy jamie | john: johnny jack | richard: rick ricky dick
katherine catherine kathryn kathleen: kathy kate katie | michael: mike mikey | joseph: joe joey
thomas: tom tommy | charles: charlie chuck | edward: eddie ted ed | patricia: pat patty trish
jennifer: jen jenny | susan: sue susie | deborah: deb debbie | dorothy: dottie dot | barbara: barb
anthony: tony | daniel: dan danny | david: dave | steven stephen: steve | christopher: chris
christine christina: chris chrissy tina | timothy: tim | gerald: jerry | harold: hal harry | henry: hank
lawrence: larry | leonard: len lenny | matthew: matt | nicholas: nick | samuel: sam sammy
theodore: ted teddy | walter: walt | eugene: gene | raymond: ray | ronald: ron ronnie | donald: don donnie
kenneth: ken kenny | alexander: alex | benjamin: ben benny | frederick: fred freddie | gregory: greg
jeffrey: jeff | virginia: ginny | millicent mildred: millie | rebecca: becky | victoria: vicky
theresa teresa: terry tess | josephine: josie | eleanor: ellie nell | abigail: abby | cynthia: cindy
pamela: pam | sandra: sandy | beverly: bev | gwendolyn: gwen | frances: fran | francis: frank
josé jose: pepe chepe | francisco: paco pancho | guadalupe: lupe lupita | jesús jesus: chuy
ignacio: nacho | guillermo: memo | antonio: toño tono | eduardo: lalo | alberto roberto: beto
enrique: kike | manuel: manolo | dolores: lola lolita | concepción concepcion: concha conchita
rosario: chayo | josefina: fina | francisca: paca paquita | graciela: chela | consuelo: chelo
mercedes: meche | vicente: chente | rafael: rafa | alejandro: alejo | fernando: nando | gregorio: goyo
luis: lucho | isabel: chabela | jorge: coque | salvador: chava | rodolfo: fito | adolfo: fito
archibald: archie | winifred: winnie freda | bartholomew: bart | consuelo: connie | alfred: alfie al
albert: al bert | arthur: art | bernard: bernie | florence: flo | gertrude: trudy gert | harriet: hattie
marguerite: margie maggie rita | herbert: herb | jacqueline: jackie | judith: judy | louise: lou
lucille: lucy | marjorie: margie
mary: molly polly mae | nathaniel: nate nat | patrick: pat | penelope: penny | phillip philip: phil
reginald: reggie | rosalind: roz | stanley: stan | vernon: vern | zachary: zach | cornelius: neil
"""


def _read(table: str) -> dict[str, tuple[str, ...]]:
    found: dict[str, tuple[str, ...]] = {}
    for entry in table.replace("\n", "|").split("|"):
        if ":" not in entry:
            continue
        names, shorts = entry.split(":")
        for name in names.split():
            found[name] = found.get(name, ()) + tuple(shorts.split())
    return found


NICKNAMES = _read(_TABLE)
# Short forms that are also words or titles: they name someone only where a name is capitalised or titled.
_WORDLIKE_TEXT = """will bill pat don dot ed rob meg nell chuck frank jack dick hal ray sue ted gene len tess
    al art herb lou penny"""
WORDLIKE = frozenset(_WORDLIKE_TEXT.split())
