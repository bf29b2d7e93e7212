# hvadvisor — messages en français. Chaque identifiant doit aussi exister dans en.ftl (un test le vérifie).
# Typographie : espace insécable (U+00A0) avant « : », espace fine insécable (U+202F) avant « ; ? ! ».

## Pièces génériques
field = { $label } : { $value }
since = (depuis { $version })

## Niveaux de prise en charge
support-native = intégré
support-paid = licence payante
support-plugin = module complémentaire
support-partial = partiel
support-experimental = expérimental
support-deprecated = obsolète
support-none = absent
support-unknown = inconnu
support-short-paid = payant
support-short-plugin = module
support-short-partial = partiel
support-short-experimental = aperçu
support-short-deprecated = obsolète
support-short-unknown = inconnu

## Valeurs
value-port = port { $port }
value-nodes = { $count ->
    [one] { $count } nœud
   *[other] { $count } nœuds
}
value-max-nodes = { $count ->
    [one] { $count } nœud max.
   *[other] { $count } nœuds max.
}
value-components = { $count ->
    [one] un composant
   *[other] { $count } composants
}
value-unpublished = valeur non publiée
value-ports = { $count ->
    [one] { $count } port
   *[other] { $count } ports
}
value-end-of-support = support jusqu'au { $date }
value-resources-cpu = { $cpu } CPU
value-resources-memory = { $memory } Gio de RAM
value-resources-disk = { $disk } Gio de disque

## Contexte
context-budget = Budget licences et support
context-scale = Taille
context-skills = Compétences de l'équipe
context-unknown = Faits non documentés
budget-none = aucun
budget-limited = limité
budget-enterprise = entreprise
scale-single-host = un seul hôte
scale-small = quelques hôtes
scale-medium = un ou deux clusters
scale-large = plusieurs clusters
unknown-policy-absent = comptés comme absents
unknown-policy-neutral = comptés comme neutres (0,5)
unknown-policy-exclude = écartés
unknown-cell-absent = comme absent (0,00)
unknown-cell-neutral = neutre (0,50)
unknown-cell-exclude = écarté

## Catégories
category-virtualization = Virtualisation
category-licensing = Licences et coût
category-cluster = Cluster et disponibilité
category-storage = Stockage
category-network = Réseau
category-backup = Sauvegarde
category-guest = Systèmes invités
category-management = Administration
category-operations = Exploitation

## Titres du rapport
report-title = Comparaison d'hyperviseurs : { $profile }
report-identity = Produit par hvadvisor { $version } à partir de la base de connaissances { $kb } (faits vérifiés le { $date } ou après) et du profil { $profile }.
h-context = Contexte
h-weights = Pondérations utilisées
h-summary = Synthèse
h-ranking = Classement
h-eliminated = Hyperviseurs éliminés
h-comparison = Comparaison par catégorie
h-strengths = Forces et limites
h-justification = Justification des scores
h-sources = Sources
h-method = Méthode
h-knowledge = Base de connaissances

## Colonnes
col-criterion = Critère
col-weight = Poids
col-features = Fonctions
col-why = Pourquoi ce poids
col-rank = Rang
col-hypervisor = Hyperviseur
col-id = Id
col-category = Catégorie
col-version = Version
col-score = Score
col-feature = Fonction
col-support = Prise en charge
col-subweight = Part
col-note = Note et sources
col-vendor = Éditeur
col-released = Sortie
col-license = Licence
col-checked = Vérifié le

## Phrases du rapport
rules-applied-intro = { $count ->
    [one] Une règle du profil s'applique à ce contexte :
   *[other] { $count } règles du profil s'appliquent à ce contexte :
}
summary-none = Aucun hyperviseur ne satisfait les exigences du profil.
summary-alone = **{ $winner }** est le seul hyperviseur qui satisfait les exigences, avec { $score }/100.
summary-winner = **{ $winner }** arrive en tête avec { $score }/100, devant **{ $runner }** ({ $runner_score }/100) : un écart de { $margin } sur 100.
summary-order-intro = Pourquoi cet ordre, rang par rang (le critère qui apporte le plus d'avance, en points sur 100, et la fonction qui y pèse le plus) :
summary-order = **{ $name }** devant { $other } : { $reason }
summary-order-cost = { $criterion } (+{ $gain }) : { $ahead } contre { $behind } sur { $years } ans
summary-order-cost-quote = { $criterion } (+{ $gain }) : { $ahead } sur { $years } ans, { $other } sur devis (compté selon la règle des faits inconnus)
summary-strengths = Ses critères les plus forts : { $list }.
summary-eliminated = { $count ->
    [one] Un hyperviseur a été éliminé par une exigence ou par les contraintes du parc (support, budget) : { $list }.
   *[other] { $count } hyperviseurs ont été éliminés par une exigence ou par les contraintes du parc (support, budget) : { $list }.
}
ranking-by-criterion = Score de chaque hyperviseur sur chaque critère (de 0 à 1) :
eliminated-requirement = { $reason } ({ $feature } : { $support })
eliminated-several = , pour { $count } raisons :
colon = {" : "}
eliminated-line = **{ $hypervisor }** ({ $feature } : { $support }) : { $reason }
eliminated-by-rule = La règle `{ $rule }` a ramené « { $support } » à ce niveau.
eliminated-none = Aucun hyperviseur n'a été éliminé.
comparison-legend = ✅ intégré · ⚠️ payant, module, partiel, aperçu ou obsolète · ❌ absent · ❔ inconnu. Les notes sous chaque tableau expliquent chaque ⚠️ et ❔.
comparison-paid = { $features } : inclus à partir de l'édition { $edition }.
strength-item = { $criterion } ({ $score })
limit-item = { $criterion } ({ $score })
limit-item-gaps = { $criterion } ({ $score } ; faible sur { $gaps })
strengths-sentence = { $name } est le plus solide en matière de { $list }.
limits-sentence = Il est le plus faible en matière de { $list }.
strengths-none = Aucun critère de { $name } n'atteint 0,75.
limits-none = Aucun de ses critères ne descend sous 0,5.
justification-intro = Pour chaque hyperviseur et chaque critère : le score du critère (moyenne pondérée des scores de ses fonctions), son poids et les points qu'il apporte au total, puis chaque fonction avec son niveau de prise en charge, sa part dans le critère, son score et la source du fait.
criterion-line = Score { $score } × poids { $weight } = { $points } { $whole ->
    [one] point
   *[other] points
}.
score-excluded = écarté
method-wsm = Somme pondérée (WSM). Chaque niveau de prise en charge a un score entre 0 et 1 ; un critère vaut la moyenne pondérée des scores de ses fonctions ; un hyperviseur vaut 100 × la moyenne pondérée des scores de ses critères. Les égalités sont départagées par identifiant : l'ordre ne change jamais d'une exécution à l'autre.
method-unknown-absent = Un fait que la base marque inconnu compte comme absent : on ne s'appuie pas sur ce qui n'est pas documenté.
method-unknown-neutral = Un fait que la base marque inconnu compte comme neutre (0,5) : ni récompensé ni pénalisé.
method-unknown-exclude = Un fait que la base marque inconnu est écarté de son critère, dont les autres fonctions sont repondérées ; un critère dont tous les faits sont inconnus est écarté du total.
method-requirements = Exigences (un hyperviseur qui en manque une est éliminé) :
method-unknowns = { $count ->
    [one] Un fait utilisé par ce profil est inconnu :
   *[other] { $count } faits utilisés par ce profil sont inconnus :
}
method-reproduce = Pour reproduire : hvadvisor { $version }, base de connaissances { $kb }, profil `{ $id }` ({ $profile }). Les mêmes entrées donnent un rapport identique à l'octet près.
knowledge-intro = Chaque fait porte ses sources et sa date de vérification ; la plus ancienne vérification de cette base date du { $date }.

## Practical answers, kb stats
h-practical = Réponses pratiques
h-ports = Ports à ouvrir
h-network-access = Comment les utilisateurs accèdent aux VM
h-backup = Solutions de sauvegarde
ports-intro = Ports réseau utilisés par { $hypervisor } { $version } :
ports-none = Aucune liste de ports n'est documentée pour cet hyperviseur.
col-port = Port
col-protocol = Protocole
col-direction = Sens
col-purpose = Usage
col-mode = Mode d'accès
col-backup-tool = Outil intégré
col-incremental = Incrémentale
col-dedup = Déduplication
col-offsite = Copie hors site
col-file-restore = Restauration de fichiers
col-third-party = Logiciels tiers
direction-in = entrant
direction-out = sortant
direction-both = dans les deux sens
access-network-bridge = les invités ont une adresse sur le réseau local comme des machines physiques ; le choix habituel pour des serveurs que les utilisateurs joignent directement.
access-network-nat = les invités partagent l'adresse de l'hôte et sortent par lui ; pour les TP et les invités qui ne font que des connexions sortantes (publier un service par redirection de port).
access-network-macvtap = les invités se branchent directement sur une interface physique, sans pont ; léger et rapide, mais l'hôte ne peut pas joindre ses propres invités par ce chemin.
access-network-vlan = plusieurs réseaux isolés sur un même câble ; pour séparer services, DMZ et réseau d'administration.
access-network-sr-iov = une partie de la carte réseau est donnée à l'invité ; débit et latence proches du natif, en général au prix de la migration à chaud.
access-network-sdn = des réseaux superposés qui couvrent plusieurs hôtes (VXLAN, EVPN) ; pour les clusters multi-locataires et les réseaux qui suivent les invités d'un hôte à l'autre.
backup-winner = Pour { $hypervisor }, le choix recommandé :
stats-title = Base de connaissances : le fait le plus ancien a été vérifié le { $oldest }
stats-version = Version
stats-filled = Renseignés
stats-sourced = Sourcés
stats-unknown = Inconnus
stats-oldest = Vérification la plus ancienne

## Commandes evaluate et profiles
evaluate-title = Classement pour le profil { $profile }
evaluate-eliminated = Éliminé : { $hypervisor } ({ $reason })
profiles-title = Profils intégrés

## Diagnostics
diag-error = erreur
diag-warning = avertissement
diag-did-you-mean = aide : vouliez-vous dire « { $suggestion } » ?
diag-summary = { $errors ->
    [0] aucune erreur
    [one] 1 erreur
   *[other] { $errors } erreurs
}, { $warnings ->
    [0] aucun avertissement
    [one] 1 avertissement
   *[other] { $warnings } avertissements
}
diag-io = impossible de lire ce fichier : { $kind ->
    [not-found] fichier ou dossier introuvable
    [permission-denied] permission refusée
    [already-exists] il existe déjà
    [is-a-directory] c'est un dossier
    [not-a-directory] une partie du chemin n'est pas un dossier
    [invalid-data] ce n'est pas du texte UTF-8 valide
    [storage-full] plus d'espace libre sur le périphérique
    [read-only] le système de fichiers est en lecture seule
    [directory-not-empty] le dossier n'est pas vide
    [not-regular] ce n'est pas un fichier ordinaire (périphérique, tube ou socket)
    [too-large] il dépasse 16 Mio, bien plus que ce qu'un tel fichier contient
   *[other] erreur système ({ $detail })
}
diag-binary-to-terminal = un document .docx est binaire : indiquez --output FICHIER, ou redirigez la sortie vers un fichier
diag-bench-unknown-format = ce n'est pas une sortie de fio (--output-format=json), d'iperf3 (-J) ni de sysbench (cpu, memory ou fileio)
diag-bench-malformed = { $kind ->
    [truncated] la sortie s'arrête au milieu (fichier tronqué ?)
    [missing] il manque à la sortie { $detail }
   *[other] sortie mal formée, ce n'est pas du JSON valide
}
diag-bench-tool-error = { $tool } a signalé une erreur pendant ce test : { $detail }
diag-bench-measurements = fichier de mesures invalide : { $detail }
diag-write = impossible d'écrire ce fichier : { $kind ->
    [not-found] fichier ou dossier introuvable
    [permission-denied] permission refusée
    [already-exists] il existe déjà
    [is-a-directory] c'est un dossier
    [not-a-directory] une partie du chemin n'est pas un dossier
    [invalid-data] ce n'est pas du texte UTF-8 valide
    [storage-full] plus d'espace libre sur le périphérique
    [read-only] le système de fichiers est en lecture seule
    [directory-not-empty] le dossier n'est pas vide
    [not-regular] ce n'est pas un fichier ordinaire (périphérique, tube ou socket)
    [is-an-input] c'est aussi un fichier que cette commande lit
    [written-twice] une autre sortie de cette commande est le même fichier
    [hard-linked] le fichier a d'autres liens physiques, qu'une réécriture séparerait de lui (écrivez dans un autre fichier, ou supprimez les autres liens)
    [read-only-file] le fichier est en lecture seule (rendez-le modifiable d'abord s'il doit être remplacé)
   *[other] erreur système ({ $detail })
}
diag-yaml-syntax = YAML invalide : { $kind ->
    [unclosed-quote] guillemet ouvert mais jamais fermé
    [unclosed-bracket] « { $part } » ouvert mais jamais fermé
    [mismatched-bracket] « { $part } » fermé par le mauvais signe
    [misplaced-bracket] crochet ou accolade mal placé
    [mapping-value] une paire « clé : valeur » n'est pas permise ici (indentation, ou deux-points dans une valeur à mettre entre guillemets ?)
    [colon-placement] deux-points mal placé (une valeur qui en contient se met entre guillemets)
    [colon-space] un deux-points doit être suivi d'une espace
    [dash-space] un tiret de liste doit être suivi d'une espace
    [sequence-entry] un élément de liste (« - ») n'est pas permis ici (indentation ?)
    [mapping-key] une clé n'est pas permise ici (indentation ?)
    [tab] tabulation : YAML n'accepte que des espaces pour l'indentation
    [indentation] indentation incorrecte
    [eof] le fichier se termine avant la fin d'une liste, d'une table ou d'une valeur
    [expected-key] une clé était attendue dans cette table (indentation ?)
    [expected-node] une valeur était attendue
    [flow-mapping] « , » ou « { "}" } » attendu dans cette table entre accolades
    [flow-sequence] « , » ou « ] » attendu dans cette liste entre crochets
    [unknown-anchor] alias vers une ancre (« & ») qui n'existe pas
    [unexpected-character] caractère inattendu « { $part } »
    [escape] séquence d'échappement invalide ou inconnue entre guillemets doubles
    [trailing-content] texte en trop après une valeur entre guillemets
    [simple-key] clé mal formée (le deux-points manque-t-il ?)
    [comment-space] un commentaire (« # ») doit être précédé d'une espace
    [recursion] imbrication trop profonde
    [documents] un seul document YAML par fichier (« --- » en trop)
    [key-not-text] une clé doit être un mot ou un texte (ici elle est vide, ou c'est une liste ou un dictionnaire)
    [budget] le fichier se développe au-delà de ce que lit hvadvisor (trop d'alias, ou un fichier bien plus grand qu'un vrai)
   *[other] l'analyseur signale « { $detail } » (message d'origine, en anglais)
}
diag-duplicate-key = la clé « { $key } » apparaît deux fois dans la même table
diag-expected-type = attendu { $expected ->
    [mapping] une table (clé : valeur)
    [list] une liste
    [text] un texte non vide
    [number] un nombre
    [integer] un nombre entier
    [date] une date (AAAA-MM-JJ)
    [boolean] true ou false
    [url] une URL commençant par https://
    [port] un numéro de port (1-65535) ou une plage comme "5900-5999"
   *[other] { $expected }
}, trouvé { $found ->
    [mapping] une table
    [list] une liste
    [text] du texte
    [number] un nombre
    [boolean] un booléen
    [null] rien
   *[other] { $found }
}
diag-missing-key = la clé obligatoire « { $key } » manque
diag-empty-list = la liste « { $key } » est vide ; il lui faut au moins un élément
diag-unknown-key = clé inconnue « { $key } » ; clés possibles : { $allowed }
diag-unknown-value = valeur inconnue « { $value } » ; valeurs possibles : { $allowed }
diag-missing-language = le texte n'a pas de version « { $lang } » ; chaque texte doit exister en en et en fr
diag-missing-source = le fait « { $feature } » n'a pas de source ; seul un fait inconnu peut s'en passer
diag-unknown-source = la source « { $key } » n'est pas dans la table des sources de ce fichier
diag-unknown-feature = « { $id } » n'est pas une fonction du catalogue (knowledge/features.yaml)
diag-missing-feature = la fonction du catalogue « { $id } » n'a pas d'entrée ; écrivez-la, avec support: unknown si elle ne peut être établie
diag-id-mismatch = l'identifiant « { $id } » diffère du nom de fichier « { $stem } »
diag-duplicate-id = l'identifiant « { $id } » est utilisé deux fois
diag-duplicate-hypervisor = l'identifiant « { $id } » est déjà celui de { $first } : chaque hyperviseur a besoin de son propre identifiant (et de son propre fichier)
diag-invalid-date = « { $value } » n'est pas une date valide (AAAA-MM-JJ)
diag-invalid-number = « { $value } » n'est pas admis ici : un nombre fini et positif est attendu (au plus 1 pour un score)
diag-out-of-range = { $value } est hors des limites ici : un nombre entier de { $min } à { $max } est attendu
diag-template = { $kind ->
    [catalogue] catalogue de messages invalide : { $detail ->
        [expected-token] « { $part } » attendu ici
        [message-without-value] le message « { $part } » n'a pas de texte
        [missing-default-variant] une sélection a besoin d'une variante par défaut, marquée par « * »
        [several-default-variants] une sélection a plus d'une variante par défaut (« * »)
        [unclosed-quote] un texte entre guillemets n'est pas fermé
        [unbalanced-brace] une « { "}" } » sans sa « { "{" } » (écrivez { "{" } "{ "}" }" { "}" } pour le signe lui-même)
        [duplicate-message] le message « { $part } » est défini deux fois
       *[other] erreur de syntaxe Fluent
    }
    [missing-message] le message « { $part } » manque dans ce catalogue
    [message-format] le message « { $part } » ne peut pas être mis en forme ({ $detail })
    [syntax] erreur de syntaxe du modèle (minijinja : { $detail })
    [undefined] le modèle utilise une valeur qui n'existe pas (minijinja : { $detail })
    [unknown-name] le modèle appelle un filtre, une fonction ou un test inconnu (minijinja : { $detail })
    [not-found] le modèle inclut un modèle qui n'existe pas (minijinja : { $detail })
   *[other] le modèle a échoué (minijinja : { $detail })
}
diag-all-zero-weights = tous les poids sont nuls ici : rien ne serait noté
diag-unknown-profile = aucun profil ne s'appelle « { $profile } »
diag-unknown-criterion = « { $id } » n'est pas un critère de ce profil
diag-extends-cycle = le profil s'étend lui-même via « { $profile } »
diag-unexpected-value = la fonction « { $feature } » est un indicateur : elle prend un niveau de prise en charge mais pas de valeur
diag-missing-value = la fonction « { $feature } » demande une valeur quand elle est prise en charge
diag-no-hypervisors = la base de connaissances n'a aucun fichier d'hyperviseur
diag-unquoted-comma = le texte semble coupé à une virgule (« { $text } » est devenu une clé) : mettez tout le texte entre guillemets
diag-unknown-hypervisor = la base de connaissances n'a pas d'hyperviseur « { $id } »
diag-unknown-question = le questionnaire n'a pas de question « { $id } »
diag-invalid-answer = « { $value } » n'est pas une réponse à la question « { $question } » ; réponses possibles : { $allowed }
diag-answer-out-of-range = { $value } est hors limites pour la question « { $question } » : un nombre de { $min } à { $max } est attendu
diag-answer-not-asked = la question « { $id } » n'est pas posée avec les autres réponses données, cette réponse est donc ignorée
diag-serve = impossible de servir sur cette adresse : { $kind ->
    [in-use] un autre programme l'écoute déjà (choisissez un autre port avec --addr)
    [permission-denied] permission refusée (les ports inférieurs à 1024 demandent des privilèges)
    [not-available] cette machine n'a pas cette adresse
   *[other] { $detail }
}
diag-block-input = ce bloc désigne { $path }, qui ne peut pas être utilisé (son problème est signalé sur ce fichier)
diag-unclosed-marker = ce bloc hvadvisor n'a pas de ligne de fermeture <!-- /hvadvisor --> avant le bloc suivant ou la fin du fichier
diag-unclosed-directive = cette directive {"{{"}#hvadvisor … n'a pas de {"}}"} fermant
diag-unexpected-close = <!-- /hvadvisor --> ne ferme aucun bloc hvadvisor ouvert
diag-unknown-snippet = type d'extrait inconnu « { $kind } » ; types possibles : { $allowed }
diag-unknown-option = l'extrait { $kind } n'a pas d'option « { $option } » ; ses options : { $allowed }
diag-missing-option = l'extrait { $kind } demande l'option « { $option } »
diag-bad-option = « { $option } » n'est pas de la forme clé=valeur
diag-bad-option-value = « { $value } » n'est pas une valeur valide pour { $option } ; valeurs possibles : { $allowed }
diag-malformed-marker = cette ligne ressemble à un marqueur hvadvisor sans en être un : un marqueur est un commentaire complet seul sur sa ligne, comme <!-- hvadvisor ranking profile=sme --> ou <!-- /hvadvisor -->
diag-missing-judgement = aucun jugement ne compare « { $a } » à « { $b } » ; chaque paire de critères en demande un
diag-invalid-judgement = un jugement s'écrit [critère, critère, valeur] avec deux critères différents comparés une seule fois et une valeur de 1/9 à 9 (un nombre ou une fraction comme "1/3")
diag-inconsistent-judgements = les jugements par paires sont incohérents : ratio de cohérence { $ratio }, au-dessus de 0,10 ; les jugements les plus éloignés des poids obtenus : { $pairs }
diag-mdbook-input = attendu le JSON [context, book] que mdBook envoie sur l'entrée standard{ $detail ->
    [none] {""}
   *[other] {" "}({ $detail })
}
diag-paid-not-a-level = « paid » n'est plus un niveau de prise en charge : indiquez le niveau que la fonction a dans l'édition qui la fournit (native, partial…) et nommez cette édition avec « edition: ID » (voir knowledge/README.md, « Éditions et prix »)
diag-unknown-edition = « { $edition } » n'est pas une édition de cet hyperviseur (sa liste « editions: »)
diag-missing-rate = le prix de l'édition « { $edition } » est en { $currency }, devise sans taux de change dans currencies.yaml
diag-bad-price = cette ligne de prix est incohérente : { $problem ->
    [amount-on-quote] un prix sur devis n'a pas de montant
    [cores-rule-not-per-core] les règles de décompte des cœurs ne valent que pour un prix par cœur
    [range] une fourchette s'écrit [bas, haut], avec bas ≤ montant ≤ haut
   *[other] { $problem }
}
diag-missing-fleet = le critère « { $criterion } » note le coût total de possession : le profil doit donc décrire un parc (« fleet: » : hôtes, sockets par hôte, cœurs par socket, années)
diag-contradictory-answers = ces réponses se contredisent ({ $questions }) : { $reason_fr }
diag-unused-source = la source « { $key } » n'est jamais citée
diag-stale-fact = le fait « { $feature } » a été vérifié le { $date }, il y a plus de { $months } mois

## Coût total de possession
h-cost = Coût total de possession
cost-title = Coût total de possession : { $profile }
cost-identity = Base de connaissances { $kb }, profil { $profile }. Les prix changent chaque année : vérifiez chaque date et chaque source avant de signer.
cost-no-fleet = Ce profil ne décrit aucun parc, aucun coût ne peut donc être calculé : ajoutez une section « fleet: » (hôtes, sockets par hôte, cœurs par socket, années).
cost-fleet = Pour { $hosts } { $hosts ->
    [one] hôte
   *[other] hôtes
} de { $sockets } × { $cores } cœurs sur { $years } { $years ->
    [one] an
   *[other] ans
}, { $support ->
    [none] sans support
    [unknown] avec un support aux horaires non précisés
   *[other] avec un support { $supportlabel }
} et { $windows ->
    [0] sans invité Windows Server.
    [one] un invité Windows Server ({ $perhost } par hôte quand un hôte est arrêté).
   *[other] { $windows } invités Windows Server ({ $perhost } par hôte quand un hôte est arrêté).
}
cost-owned = Licences déjà détenues, déduites : { $list }.
cost-ceiling = Plafond budgétaire sur la période : { $amount } ; une solution plus chère est éliminée.
cost-col-edition = Édition retenue
cost-col-support = Support
cost-col-total = Total sur { $years } { $years ->
    [one] an
   *[other] ans
}
cost-col-per-host-year = Par hôte et par an
cost-on-quote = sur devis
cost-eliminated = éliminé
cost-how-edition = L'édition retenue est la moins chère de celles qui satisfont les exigences, le support demandé et le budget (avec un budget d'entreprise, la moins chère qui active aussi toutes les fonctions notées par le profil) ; quand un prix est sur devis, le niveau inférieur compte comme le moins cher. Une fonction incluse dans l'édition compte comme présente et n'est payée qu'une fois, dans ce total.
cost-how-windows = Les licences Windows Server suivent les hôtes quel que soit l'hyperviseur : chaque solution paie donc ses invités Windows (licences Standard cumulées ou Datacenter, la moins chère des deux), sauf quand la licence de l'hyperviseur les couvre déjà (Hyper-V) ; les CAL ne sont pas comptées, car identiques pour toutes les solutions.
cost-rate = Les montants en { $currency } sont convertis à 1 { $reference } = { $rate } { $currency } (taux de référence du { $date }).
cost-h-lines = Détail du calcul :
cost-col-line = Poste
cost-col-units = Unités
cost-col-unit-price = Prix unitaire
cost-col-periods = Payé
cost-col-line-total = Total
cost-col-confidence = Prix
cost-col-as-of = Date
cost-line-windows-guests = Licences Windows Server des invités
cost-line-support = Contrat de support
cost-units-socket = { $count } { $count ->
    [one] socket
   *[other] sockets
}
cost-units-core = { $count } { $count ->
    [one] cœur
   *[other] cœurs
}
cost-units-host = { $count } { $count ->
    [one] hôte
   *[other] hôtes
}
cost-units-vm = { $count } { $count ->
    [one] VM
   *[other] VM
}
cost-units-flat = forfait
cost-sets = en { $count } jeux cumulés
cost-once = une fois
cost-years = { $count } { $count ->
    [one] an
   *[other] ans
}
cost-owned-line = déjà détenu
confidence-list = prix public
confidence-reported = rapporté (source secondaire)
confidence-quote-only = sur devis
confidence-quote = votre devis
cost-h-includes = Ce que comprend chaque édition retenue :
cost-h-editions = Éditions examinées :
cost-option-score = { $score }/100
unfit-not-production = pas pour la production
unfit-not-sold = plus commercialisée
eliminated-kind-sold = les seules éditions de { $hypervisor } qui satisfont les exigences ne sont plus commercialisées
unfit-support = support insuffisant
unfit-budget = payante
unfit-ceiling = au-dessus du plafond
unfit-requirement = manque une exigence
support-hours-none = aucun
support-hours-community = communautaire
support-hours-business-hours = aux heures ouvrées
support-hours-24x7 = 24 h/24, 7 j/7
support-hours-unknown = non publié
eliminated-kind-support = aucune édition de { $hypervisor } satisfaisant les exigences n'inclut ni ne vend le support dont le parc a besoin
eliminated-kind-budget = toutes les éditions de { $hypervisor } qui satisfont les exigences sont payantes, et le budget est nul
eliminated-kind-ceiling = toutes les éditions admissibles de { $hypervisor } dépassent le plafond budgétaire
eliminated-kind-production = aucune édition de { $hypervisor } satisfaisant les exigences n'est autorisée en production
weights-tco-halving = Coût total de possession du parc : 1 sans coût, ½ à { $amount } par hôte et par an, ⅓ au double
weights-tco-linear = Coût total de possession du parc : 1 sans coût, 0 à partir de { $amount } par hôte et par an
weights-tco-ratio = Coût total de possession du parc, rapporté à la solution la moins chère (plus { $amount } par hôte et par an)
weights-measured = Mesures du laboratoire : pour chaque mesure, la moyenne du système rapportée à la meilleure mesurée au même test sur le même matériel (1 pour la meilleure), puis la moyenne de ces rapports.
weights-measured-left-out = Laissé de côté faute de mesures : { $list }.
memo-reason-tco = Sur { $years } ans : { $amount } pour { $winner }, { $runner_amount } pour { $runner }.
date-long = { $day ->
    [1] 1er
   *[other] { $day }
} { $month } { $year }
cost-editions-line = **{ $hypervisor }** : { $list }
cost-no-lines = Aucune édition retenue n'a de ligne de prix : toutes sont gratuites.
robust-price-intro = Prix qui changeraient le vainqueur (le coût total d'une seule solution, le reste inchangé) ; une solution absente de la liste ne gagnerait pas même gratuite :
robust-col-tco = Coût total aujourd'hui
robust-col-tco-flip = Coût total qui change le vainqueur
robust-smaa-prices = Chaque tirage fait aussi varier les faits partiels, expérimentaux ou inconnus dans leur plage (partiel : de mi-chemin vers absent à mi-chemin vers intégré) et les prix qui ne sont pas des prix publics dans la fourchette de leurs sources (ou de ±20 %).
summary-tie = **C'est une égalité entre { $names }.** { $first } n'arrive en tête que dans { $share } des tirages qui font varier les poids de ±20 %, les faits partiels, expérimentaux ou inconnus dans leur plage, et les prix incertains dans leur fourchette ; une victoire nette en demande { $threshold }, et toute solution en tête dans { $co } des tirages ou plus est co-gagnante. Le choix entre elles repose sur ce que les scores ne peuvent pas peser à votre place.
tie-differences = Ce qui les distingue, du plus important au moins important :
word-and = et
weights-uniform = { $count ->
    [one] Une fonction notée est identique pour tous les hyperviseurs classés et ne change donc aucun classement (un prérequis, à écrire plutôt comme exigence) : { $list }.
   *[other] { $count } fonctions notées sont identiques pour tous les hyperviseurs classés et ne changent donc aucun classement (des prérequis, à écrire plutôt comme exigences) : { $list }.
}
license-proprietary = propriétaire
synthese-title = Synthèse comparative : { $names }
synthese-identity = Rédigée par hvadvisor { $version } à partir de la base de connaissances { $kb } (faits vérifiés le { $date } ou après). Chaque fait ci-dessous cite sa source.
synthese-h-systems = Les systèmes
synthese-vendor = Éditeur
synthese-type = Type d'hyperviseur
synthese-type-1 = type 1 (bare metal)
synthese-type-2 = type 2 (hébergé sur un système d'exploitation)
synthese-category = Catégorie
synthese-license = Licence
synthese-editions = Éditions
synthese-components = Un cluster HA de 3 hôtes demande
synthese-end-of-support = Fin du support de cette version
synthese-h-verdicts = Verdict par cas d'usage
synthese-verdicts-intro = Chaque ligne applique un profil intégré (ses poids, ses exigences et son parc) à ces seuls systèmes ; une égalité signifie que l'écart est dans la résolution du modèle.
synthese-col-use-case = Cas d'usage
synthese-col-runner-up = Deuxième
synthese-col-margin = Écart
synthese-col-reason = Où le gagnant creuse l'écart
synthese-none = aucun (tous éliminés)
synthese-tie = égalité
synthese-ruled-out = seul retenu, écartés :
synthese-all-ruled-out = tous écartés :
synthese-out-support = support exigé
synthese-out-budget = budget nul
synthese-out-ceiling = plafond budgétaire
synthese-out-sold = plus vendu
synthese-out-production = usage en production
synthese-reason-feature = { $criterion } (+{ $gain }) : surtout { $feature } ({ $winner } contre { $runner })
synthese-reason = { $criterion } (+{ $gain })
# Mots qui gardent leur majuscule en tête d'un libellé cité dans une phrase (noms propres).
proper-names = Ansible Ceph GlusterFS Kubernetes Linux Microsoft Open Terraform Windows VMware Proxmox Harvester Incus Nutanix OpenNebula XCP-ng XenServer
synthese-h-category-winners = Gagnant par catégorie
synthese-category-winners-how = Le gagnant d'une catégorie a le meilleur score moyen sur ses fonctions selon le profil généraliste (intégré 1, module 0,7, partiel 0,5, inconnu compté pour moitié, fonction d'une édition payante comptée comme intégrée).
month-1 = janvier
month-2 = février
month-3 = mars
month-4 = avril
month-5 = mai
month-6 = juin
month-7 = juillet
month-8 = août
month-9 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre

## Decision memo and questionnaire
memo-title = Note de décision : quel hyperviseur ?
memo-h-recommendation = Recommandation
memo-h-reasons = Les raisons décisives
memo-reason = **{ $criterion }** : +{ $gain } sur 100 par rapport au deuxième (score du critère { $score }).
memo-no-reason = Le gagnant ne mène sur aucun critère à lui seul ; c'est son total qui décide.
memo-h-changes = Ce qui changerait la décision
memo-change = Si la réponse à « { $question } » était « { $alternative } » au lieu de « { $current } », **{ $winner }** arriverait en tête ({ $score }/100).
memo-no-change = Aucune réponse différente, prise isolément, ne change la recommandation.
memo-h-access = Comment les utilisateurs accéderont aux VM sur { $hypervisor }
memo-h-answers = Les réponses sur lesquelles repose cette note
memo-default = (par défaut)
col-question = Question
col-answer = Réponse
memo-reproduce = hvadvisor { $version }, base de connaissances { $kb }, profil généré { $profile }. Enregistrez les réponses et lancez `hvadvisor report --answers FICHIER` pour le rapport complet.
ask-no-terminal = hvadvisor ask a besoin d'un terminal pour poser ses questions. Sans terminal, donnez les réponses dans un fichier : hvadvisor ask --answers reponses.yaml
ask-default = par défaut
ask-yes = oui
ask-no = non
ask-save-memo = Enregistrer ce mémo dans un fichier (.md, .html, .json ou .docx) ?
ask-save-answers = Enregistrer les réponses dans un fichier ?
ask-save-profile = Enregistrer le profil généré dans un fichier ?
ask-file-name = Nom du fichier
ask-saved = { $file } enregistré.
ask-select-help = ↑↓ pour se déplacer, Entrée pour choisir, Échap pour revenir
ask-multi-help = ↑↓ pour se déplacer, Espace pour cocher, → tout, ← rien, Entrée pour valider, Échap pour revenir
ask-number-help = un nombre entier de { $min } à { $max } ; Entrée garde { $default } ; Échap pour revenir
ask-invalid-number = Tapez un nombre entier de { $min } à { $max }.
ask-question-count = Question { $n } sur { $total }

## Snippets
snippet-legend = ✅ intégré · ⚠️ payant, module, partiel, aperçu ou obsolète · ❌ absent · ❔ inconnu.
snippet-source = Profil { $profile } ; hvadvisor { $version }, base de connaissances { $kb }.
snippet-score = **{ $hypervisor }** obtient { $score }/100 pour le profil { $profile } (rang { $rank } sur { $count }).
snippet-score-eliminated = **{ $hypervisor }** est éliminé pour le profil { $profile } : { $reason }
snippet-kb = Base de connaissances { $kb }, faits vérifiés le { $date } ou après.

## Robustness and methods
h-robustness = Ce choix est-il solide ?
robust-share = **{ $winner }** arrive en tête dans { $share } de { $samples } tirages { $mode ->
    [dirichlet] des poids autour de ceux du profil (loi de Dirichlet, concentration { $k })
   *[uniform] où chaque poids varie jusqu'à ±{ $spread }
}{ $facts ->
    [yes] , les faits partiels, expérimentaux ou inconnus variant dans leur plage et les prix incertains dans leur fourchette
   *[no] {""}
}.
robust-methods-agree = Les trois méthodes d'agrégation concordent : **{ $winner }** gagne avec chacune.
robust-methods-differ = Les méthodes d'agrégation ne désignent pas le même gagnant :
col-method = Méthode
col-winner = Gagnant
method-name-wsm = Somme pondérée (WSM)
method-name-wpm = Produit pondéré (WPM)
method-name-topsis = TOPSIS
robust-kendall = Concordance des classements complets (τ de Kendall, 1 = identiques, −1 = inversés) :
robust-oat-intro = De combien un seul poids doit varier, les autres gardant leurs proportions, avant qu'un autre hyperviseur passe en tête (∞ : aucune variation de ce seul poids n'y suffit) :
col-increase = Hausse nécessaire
col-decrease = Baisse nécessaire
robust-smaa-intro = Acceptabilité des rangs : la part des { $samples } tirages (graine { $seed }) où chaque hyperviseur occupe chaque place ; { $mode ->
    [dirichlet] les poids sont tirés autour de ceux du profil selon une loi de Dirichlet de concentration { $k }.
   *[uniform] chaque poids est multiplié par un facteur aléatoire dans ±{ $spread }.
}
col-rank-1 = 1er
col-rank-2 = 2e
col-rank-3 = 3e
method-wpm = Produit pondéré (WPM). Chaque niveau de prise en charge a un score entre 0 et 1 ; un critère vaut la moyenne pondérée des scores de ses fonctions ; un hyperviseur vaut 100 × le produit des scores de ses critères élevés à leurs poids (une moyenne géométrique pondérée). Un score de critère inférieur à 0,01 compte pour 0,01 : un critère absent fait baisser le produit sans l'annuler. Les points par critère de la justification sont ceux de la somme pondérée.
method-topsis = TOPSIS. Scores de critères comme pour la somme pondérée ; chaque colonne de critère est divisée par sa norme euclidienne (une colonne nulle reste nulle) puis pondérée ; un hyperviseur vaut 100 × sa proximité relative à l'idéal (la meilleure valeur sur chaque critère) plutôt qu'à l'anti-idéal (la pire). Quand toutes les colonnes pondérées sont constantes, tous les hyperviseurs valent 50. Les points par critère de la justification sont ceux de la somme pondérée.
chart-title = Part des tirages de poids où chaque hyperviseur est premier, deuxième et troisième
figure-verdicts = Score de chaque système pour chaque cas d'usage (sur 100 ; le gagnant encadré, sauf égalité ; — éliminé)
figure-criteria = Scores par critère de chaque système selon le profil généraliste (de 0 à 1)
figure-lab = Mesures du laboratoire : moyenne de chaque système (barre) et un écart type de part et d'autre (moustaches), chaque mesure à sa propre échelle
figure-eliminated = éliminé
chart-caption = Acceptabilité des rangs sur { $samples } tirages de poids (±{ $spread }).
sensitivity-title = Le classement est-il solide ? Profil { $profile }
sensitivity-method = Méthode : { $method }.
sensitivity-bad-options = --samples doit valoir au moins 1, --spread être compris entre 0 et 100, et --dirichlet entre 0,1 et 1 000 000 (en dessous, les tirages s'annulent et tous les poids valent zéro).
sensitivity-nothing-ranked = Tous les hyperviseurs sont éliminés pour ce profil : il n'y a pas de classement dont mesurer la solidité ; `hvadvisor report` dit pourquoi chacun a été éliminé.

## Weights and AHP
weights-title = Pondérations du profil { $profile }
weights-ahp = Obtenues à partir de { $count } jugements par paires sur l'échelle 1–9 de Saaty (vecteur propre principal) : λmax = { $lambda }, indice de cohérence CI = { $ci }.
weights-cr = Ratio de cohérence CR = CI / RI = { $ratio }, avec RI = { $ri } selon { $table } : { $verdict }
weights-no-cr = Pas de ratio de cohérence : { $table } ne donne pas d'indice aléatoire pour ce nombre de critères (deux critères sont toujours cohérents).
weights-verdict-ok = acceptable (au plus 0,10).
weights-verdict-bad = au-dessus de 0,10, les jugements sont incohérents ; revoyez d'abord ceux ci-dessous.
weights-worst = Les jugements les plus éloignés des poids obtenus :
weights-direct = Le profil donne ces poids directement (normalisés pour totaliser 100 %).
col-judgement = Jugement
col-given = Donné
col-implied = Impliqué par les poids
ri-saaty-1980 = Saaty (1980)
ri-saaty-2005 = Saaty (2005)
ri-donegan-dodd-1991 = Donegan et Dodd (1991)

## Mesures du laboratoire
bench-imported = { $added } { $added ->
    [one] test ajouté
   *[other] tests ajoutés
} à { $file } ({ $skipped } déjà présents), { $total } en tout
h-lab = Mesures du laboratoire
lab-intro = Chaque ligne compare une mesure d'un même test, aux mêmes paramètres, sur deux systèmes : la moyenne ± l'écart type sur n essais. Un système n'est dit meilleur que si le test t de Welch (bilatéral) trouve la différence significative (p < { $alpha }) ; sinon la différence est dans le bruit d'un essai à l'autre. Des essais faits sur des matériels différents ne sont pas comparés.
lab-system = { $runs } { $runs ->
    [one] essai
   *[other] essais
} ({ $versions })
lab-hardware = matériel : { $hardware }
lab-vm = VM : { $vm }
lab-nested = virtualisation imbriquée : l'hyperviseur tournait lui-même dans une VM, ses chiffres disent peu de chose du matériel nu
lab-not-compared = { $a } et { $b } n'ont pas été mesurés sur le même matériel : ils ne sont pas comparés.
lab-nothing-to-compare = Aucun test n'a été fait avec les mêmes paramètres sur deux de ces systèmes : rien n'est comparé.
lab-col-test = Test (paramètres)
lab-col-metric = Mesure
lab-col-first = Premier système
lab-col-second = Second système
lab-col-ratio = Rapport
lab-col-conclusion = Conclusion
lab-sample = { $name } : { $mean } ± { $sd } (n = { $n })
lab-sample-one = { $name } : { $mean } (n = { $n })
lab-too-few = un seul essai : aucune conclusion possible
lab-noise = différence dans le bruit (p = { $p })
lab-better = { $name } meilleur (p = { $p })
lab-metric-read-kib-s = débit en lecture (Mio/s)
lab-metric-write-kib-s = débit en écriture (Mio/s)
lab-metric-read-iops = IOPS en lecture
lab-metric-write-iops = IOPS en écriture
lab-metric-mbit-s = débit (Mbit/s)
lab-metric-jitter-ms = gigue (ms, le plus bas est le mieux)
lab-metric-lost-percent = datagrammes perdus (%, le plus bas est le mieux)
lab-metric-retransmits = retransmissions (le plus bas est le mieux)
lab-metric-events-s = événements par seconde
lab-metric-mib-s = débit mémoire (Mio/s)
lab-metric-read-mib-s = débit en lecture (Mio/s)
lab-metric-write-mib-s = débit en écriture (Mio/s)
lab-metric-reads-s = lectures par seconde
lab-metric-writes-s = écritures par seconde
list-sep = { "\u202F; " }

# hvadvisor serve : le questionnaire en pages web.
web-skip = Aller au contenu
web-nav = Site
web-switch = English
web-h-errors = Certaines réponses sont à corriger
web-colon = {" : "}
web-asked-when = Posée seulement si « { $question } » a pour réponse « { $answers } ».
web-number = Un nombre entier de { $min } à { $max }
web-h-hypervisors = Hyperviseurs à comparer
web-hypervisors-help = Décochez ceux que vous n'envisagez pas ; si aucun n'est coché, tous sont comparés.
web-submit = Voir la recommandation
web-h-share = Partager, imprimer, modifier
web-permalink = Lien permanent vers ce résultat
web-permalink-help = Les réponses sont dans le lien : mettez-le en favori ou envoyez-le, il redonne cette même page, pour la même base de connaissances.
web-edit = Modifier les réponses
web-h-more = Aller plus loin
web-full-report = Rapport de comparaison complet pour ces réponses
web-synthese = Synthèse comparative des hyperviseurs choisis
web-h-downloads = Télécharger ce mémo
web-hashes = hvadvisor { $version }, base de connaissances { $knowledge }, profil { $profile } : les trois mêmes donnent la même page.
web-status = { $status ->
    [400] La requête est mal formée.
    [404] Cette page n'existe pas.
    [405] Cette adresse ne répond qu'à GET.
    [414] L'adresse est trop longue.
    [503] Le serveur est occupé ; réessayez dans un instant.
   *[other] La page n'a pas pu être produite (erreur { $status }).
}
web-back = Retour au questionnaire
serve-listening = hvadvisor sert le questionnaire à http://{ $addr }/ (Ctrl-C pour arrêter).
serve-public = Attention : { $addr } n'est pas une adresse de bouclage, d'autres machines peuvent donc joindre ce serveur. Il n'a ni authentification ni TLS : ne l'utilisez que sur un réseau de confiance, ou derrière un mandataire inverse.

## Note, page 1 (la page du décideur : des mots simples, sans jargon)
p1-intro = Page 1 : l'essentiel pour décider. L'annexe technique suit.
p1-tie = **Pas de vainqueur net : égalité entre { $names }.** Leurs scores diffèrent de moins que ce que le modèle sait distinguer : un court pilote de chacune, au regard des compétences de l'équipe et de vos fournisseurs, tranchera.
p1-winner = **Nous recommandons { $winner }** pour la situation décrite. { $runner } arrive en second.
p1-alone = **{ $winner }** est la seule plateforme qui satisfait vos exigences.
p1-h-cost = Ce que cela coûte
p1-cost = Sur { $years } ans pour { $hosts ->
    [one] un serveur
   *[other] { $hosts } serveurs
} : { $winner } coûte { $amount }.
p1-cost-quote = Sur { $years } ans pour { $hosts ->
    [one] un serveur
   *[other] { $hosts } serveurs
} : { $winner } est vendu sur devis.
p1-cost-runner = { $runner } coûterait { $amount }.
p1-cost-runner-quote = { $runner } est vendu sur devis.
p1-h-why = Pourquoi
p1-reason-cost = Il coûte moins cher que { $runner } sur { $years } ans.
p1-partly = (en partie)
p1-h-risks = Risques et parades
p1-risk-ha-hosts = **Trop peu de serveurs pour le redémarrage automatique.** Il en faut au moins { $count }, et vous en prévoyez { $hosts } : ajoutez des serveurs, ou acceptez qu'une panne arrête les services jusqu'à la réparation.
p1-risk-partial = **En partie seulement.** { $meaning } Vérifiez pendant le pilote jusqu'où cela va.
p1-risk-plugin = **Par un produit séparé.** { $meaning } Incluez ce produit dans le pilote.
p1-risk-preview = **Encore en aperçu.** { $meaning } Testez-le avant de compter dessus.
p1-risk-missing = **Non disponible.** { $meaning } Décidez si vous pouvez vous en passer.
p1-risk-unknown = **Non documenté.** Jusqu'à preuve du contraire : { $meaning } Interrogez l'éditeur avant de vous engager.
p1-risk-components = **{ $count } composants à exploiter.** Chacun s'installe, se met à jour et se surveille à part : désignez qui les exploitera.
p1-change = { $situation }, { $winner } serait recommandé à la place.
p1-change-answer = Si la réponse à « { $question } » était « { $alternative } », { $winner } serait recommandé à la place.
p1-h-steps = Prochaines étapes
p1-step-pilot = Installer { $winner } sur { $count ->
    [one] un serveur de test
   *[other] { $count } serveurs de test
} { $value ->
    [appliance-iso] à partir de son image d'installation
    [packages] sur un système d'exploitation pris en charge
    [both] à partir de son image d'installation
    [os-role] en activant son rôle dans Windows Server
   *[other] comme l'éditeur le documente
}.
p1-step-ports = Ouvrir les { $count } ports réseau listés en annexe.
p1-step-backup-product = Configurer { $value } pour sauvegarder les machines virtuelles, et tester une restauration.
p1-step-backup-integrated = Configurer la sauvegarde propre à la plateforme, et tester une restauration.
p1-step-backup-choose = Choisir un logiciel de sauvegarde qui prend en charge { $winner }, et tester une restauration.
p1-step-migration = Migrer une machine virtuelle de test depuis VMware avec l'outil de migration de l'éditeur.
p1-step-migration-preview = Migrer une machine virtuelle de test depuis VMware avec l'outil de migration de l'éditeur, encore en aperçu.
p1-step-training = Former l'équipe avec les cours officiels de l'éditeur.
p1-step-training-none = Prévoir du temps d'apprentissage pour l'équipe : aucune formation officielle n'est documentée.
p1-step-check-risks = Vérifier pendant le pilote les risques ci-dessus, avant de décider.
p1-notes = Sources :
memo-h-annex = Annexe technique
memo-h-scores = Scores
p1-step-training-independent = Former l'équipe avec les cours d'organismes indépendants.
p1-h-why-tie = Ce qui penche légèrement vers { $winner }
ask-page-one-more = Voici la page 1. Enregistrez la note ci-dessous pour la garder avec son annexe technique.
p1-reason-cost-published = Son prix est publié et compté pour votre parc, quand celui de { $runner } est sur devis.
p1-step-relax = Revoir les exigences listées en annexe sous les plateformes éliminées : chacune en écarte au moins une.
p1-risk-of = { $system } :
p1-step-pilot-tie = Installer { $names } côte à côte, sur { $count ->
    [one] un serveur de test
   *[other] { $count } serveurs de test
} chacun.
p1-step-quote = Demander à l'éditeur de { $winner } un devis pour votre parc, pour comparer les coûts.
p1-step-decide-tie = Les comparer sur la sauvegarde et la restauration, les risques ci-dessus et l'effort d'exploitation, puis décider.
