"""The emulator's taxonomy: a few hundred real taxa, from Life down to species.

The tree is written below as indented text, one taxon a line::

    <rank> <scientific name> [= <English common name>] [#<id>] [!inactive>=<name>] [@<IUCN code>]

Names, ranks and the tree are facts about the public taxonomy. Ids of the top of the tree and of
the iconic taxa are the ones iNaturalist uses (so ``taxon_id=3`` means birds here too); every other
taxon gets a stable id derived from its position, the same for every seed. ``!inactive=<name>``
marks a taxon that was replaced by ``<name>`` (``is_active`` false, with
``current_synonymous_taxon_ids``); no observation uses those.
"""

from __future__ import annotations

import functools
import random
import re

import attrs

__all__ = [
    "ICONIC_TAXON_IDS",
    "IUCN_STATUSES",
    "RANK_LEVELS",
    "TaxonRow",
    "load_taxonomy",
]

RANK_LEVELS: dict[str, int] = {
    "stateofmatter": 100,
    "kingdom": 70,
    "subkingdom": 67,
    "phylum": 60,
    "subphylum": 57,
    "superclass": 53,
    "class": 50,
    "subclass": 47,
    "infraclass": 45,
    "superorder": 43,
    "order": 40,
    "suborder": 37,
    "infraorder": 35,
    "superfamily": 33,
    "epifamily": 32,
    "family": 30,
    "subfamily": 27,
    "supertribe": 26,
    "tribe": 25,
    "subtribe": 24,
    "genus": 20,
    "genushybrid": 20,
    "subgenus": 15,
    "section": 13,
    "subsection": 12,
    "complex": 11,
    "species": 10,
    "hybrid": 10,
    "subspecies": 5,
    "variety": 5,
    "form": 5,
    "infrahybrid": 5,
}

# name -> iNaturalist id of the iconic taxa (the ``iconic_taxa`` parameter takes these names)
ICONIC_TAXON_IDS: dict[str, int] = {
    "Animalia": 1,
    "Aves": 3,
    "Amphibia": 20978,
    "Reptilia": 26036,
    "Mammalia": 40151,
    "Actinopterygii": 47178,
    "Mollusca": 47115,
    "Arachnida": 47119,
    "Insecta": 47158,
    "Plantae": 47126,
    "Fungi": 47170,
    "Chromista": 48222,
    "Protozoa": 47686,
}

# IUCN code -> (iucn number as the API gives it, status name)
IUCN_STATUSES: dict[str, tuple[int, str]] = {
    "LC": (10, "least concern"),
    "NT": (20, "near threatened"),
    "VU": (30, "vulnerable"),
    "EN": (40, "endangered"),
    "CR": (50, "critically endangered"),
}

_TREE = """
stateofmatter Life #48460
  kingdom Animalia = Animals #1
    phylum Chordata = Chordates #2
      subphylum Vertebrata = Vertebrates #355675
        class Aves = Birds #3
          order Passeriformes = Perching Birds
            family Parulidae = New World Warblers
              genus Setophaga
                species Setophaga petechia = Yellow Warbler #9081
                species Setophaga coronata = Yellow-rumped Warbler
                  subspecies Setophaga coronata auduboni = Audubon's Yellow-rumped Warbler
                  subspecies Setophaga coronata coronata = Myrtle Yellow-rumped Warbler
                species Setophaga ruticilla = American Redstart
                species Setophaga virens = Black-throated Green Warbler
              genus Dendroica !inactive=Setophaga
                species Dendroica petechia !inactive=Setophaga petechia
              genus Geothlypis
                species Geothlypis trichas = Common Yellowthroat
              genus Leiothlypis
                species Leiothlypis celata = Orange-crowned Warbler
            family Turdidae = Thrushes
              genus Turdus
                species Turdus migratorius = American Robin
                species Turdus merula = Eurasian Blackbird
              genus Sialia
                species Sialia sialis = Eastern Bluebird
            family Corvidae = Crows, Jays, and Magpies #7
              genus Corvus
                species Corvus brachyrhynchos = American Crow
                species Corvus corax = Common Raven
                species Corvus corone = Carrion Crow
              genus Cyanocitta
                species Cyanocitta cristata = Blue Jay
                species Cyanocitta stelleri = Steller's Jay
              genus Pica
                species Pica pica = Eurasian Magpie
            family Paridae = Tits, Chickadees, and Titmice
              genus Poecile
                species Poecile atricapillus = Black-capped Chickadee
              genus Parus
                species Parus major = Great Tit
              genus Cyanistes
                species Cyanistes caeruleus = Eurasian Blue Tit
            family Passerellidae = New World Sparrows
              genus Melospiza
                species Melospiza melodia = Song Sparrow
              genus Junco
                species Junco hyemalis = Dark-eyed Junco
              genus Zonotrichia
                species Zonotrichia leucophrys = White-crowned Sparrow
            family Cardinalidae = Cardinals and Allies
              genus Cardinalis
                species Cardinalis cardinalis = Northern Cardinal
            family Fringillidae = Finches
              genus Haemorhous
                species Haemorhous mexicanus = House Finch
              genus Spinus
                species Spinus tristis = American Goldfinch
              genus Fringilla
                species Fringilla coelebs = Common Chaffinch
            family Hirundinidae = Swallows
              genus Hirundo
                species Hirundo rustica = Barn Swallow
            family Sturnidae = Starlings
              genus Sturnus
                species Sturnus vulgaris = European Starling
            family Passeridae = Old World Sparrows
              genus Passer
                species Passer domesticus = House Sparrow
            family Icteridae = New World Blackbirds
              genus Agelaius
                species Agelaius phoeniceus = Red-winged Blackbird
            family Mimidae = Mockingbirds and Thrashers
              genus Mimus
                species Mimus polyglottos = Northern Mockingbird
          order Accipitriformes = Hawks, Eagles, and Kites
            family Accipitridae = Hawks, Eagles, and Kites
              genus Buteo
                species Buteo jamaicensis = Red-tailed Hawk
                species Buteo buteo = Common Buzzard
              genus Haliaeetus
                species Haliaeetus leucocephalus = Bald Eagle @LC
              genus Accipiter
                species Accipiter nisus = Eurasian Sparrowhawk
          order Anseriformes = Waterfowl
            family Anatidae = Ducks, Geese, and Swans
              genus Anas
                species Anas platyrhynchos = Mallard
              genus Branta
                species Branta canadensis = Canada Goose
              genus Cygnus
                species Cygnus olor = Mute Swan
          order Pelecaniformes = Pelicans, Herons, Ibises, and Allies
            family Ardeidae = Herons, Egrets, and Bitterns
              genus Ardea
                species Ardea herodias = Great Blue Heron
                species Ardea alba = Great Egret
                species Ardea cinerea = Grey Heron
          order Columbiformes = Pigeons and Doves
            family Columbidae = Pigeons and Doves
              genus Zenaida
                species Zenaida macroura = Mourning Dove
              genus Columba
                species Columba livia = Rock Pigeon
          order Piciformes = Woodpeckers and Allies
            family Picidae = Woodpeckers
              genus Dryobates
                species Dryobates pubescens = Downy Woodpecker
              genus Colaptes
                species Colaptes auratus = Northern Flicker
              genus Dendrocopos
                species Dendrocopos major = Great Spotted Woodpecker
          order Strigiformes = Owls
            family Strigidae = Typical Owls
              genus Bubo
                species Bubo virginianus = Great Horned Owl
              genus Strix
                species Strix varia = Barred Owl
                species Strix aluco = Tawny Owl
          order Charadriiformes = Shorebirds and Allies
            family Laridae = Gulls, Terns, and Skimmers
              genus Larus
                species Larus argentatus = European Herring Gull
            family Charadriidae = Plovers
              genus Charadrius
                species Charadrius vociferus = Killdeer
          order Apodiformes = Swifts and Hummingbirds
            family Trochilidae = Hummingbirds
              genus Archilochus
                species Archilochus colubris = Ruby-throated Hummingbird
              genus Calypte
                species Calypte anna = Anna's Hummingbird
        class Mammalia = Mammals #40151
          order Carnivora = Carnivorans
            family Canidae = Canines
              genus Vulpes
                species Vulpes vulpes = Red Fox
              genus Canis
                species Canis latrans = Coyote
            family Procyonidae = Raccoons and Allies
              genus Procyon
                species Procyon lotor = Common Raccoon
            family Ursidae = Bears
              genus Ursus
                species Ursus americanus = American Black Bear @LC
            family Mustelidae = Mustelids
              genus Meles
                species Meles meles = European Badger
          order Rodentia = Rodents
            family Sciuridae = Squirrels
              genus Sciurus
                species Sciurus carolinensis = Eastern Gray Squirrel
                species Sciurus vulgaris = Eurasian Red Squirrel
              genus Tamias
                species Tamias striatus = Eastern Chipmunk
              genus Marmota
                species Marmota monax = Groundhog
          order Artiodactyla = Even-toed Ungulates
            family Cervidae = Deer
              genus Odocoileus
                species Odocoileus virginianus = White-tailed Deer
                species Odocoileus hemionus = Mule Deer
              genus Capreolus
                species Capreolus capreolus = Western Roe Deer
          order Lagomorpha = Lagomorphs
            family Leporidae = Hares and Rabbits
              genus Sylvilagus
                species Sylvilagus floridanus = Eastern Cottontail
              genus Oryctolagus
                species Oryctolagus cuniculus = European Rabbit @EN
          order Didelphimorphia = Opossums
            family Didelphidae = Opossums
              genus Didelphis
                species Didelphis virginiana = Virginia Opossum
        class Reptilia = Reptiles #26036
          order Squamata = Snakes and Lizards
            family Colubridae = Colubrids
              genus Thamnophis
                species Thamnophis sirtalis = Common Garter Snake
            family Phrynosomatidae = Phrynosomatid Lizards
              genus Sceloporus
                species Sceloporus occidentalis = Western Fence Lizard
            family Lacertidae = Wall Lizards
              genus Podarcis
                species Podarcis muralis = Common Wall Lizard
          order Testudines = Turtles
            family Emydidae = Pond Turtles
              genus Chrysemys
                species Chrysemys picta = Painted Turtle
              genus Trachemys
                species Trachemys scripta = Pond Slider
        class Amphibia = Amphibians #20978
          order Anura = Frogs and Toads
            family Ranidae = True Frogs
              genus Lithobates
                species Lithobates catesbeianus = American Bullfrog
                species Lithobates clamitans = Green Frog
              genus Rana
                species Rana temporaria = Common Frog
            family Bufonidae = True Toads
              genus Anaxyrus
                species Anaxyrus americanus = American Toad @LC
              genus Bufo
                species Bufo bufo = Common Toad
            family Hylidae = Treefrogs
              genus Pseudacris
                species Pseudacris regilla = Pacific Treefrog
          order Caudata = Salamanders
            family Salamandridae = Newts
              genus Notophthalmus
                species Notophthalmus viridescens = Eastern Newt
            family Plethodontidae = Lungless Salamanders
              genus Plethodon
                species Plethodon cinereus = Eastern Red-backed Salamander
        class Actinopterygii = Ray-finned Fishes #47178
          order Centrarchiformes = Basses, Sunfishes, and Allies
            family Centrarchidae = Sunfishes
              genus Lepomis
                species Lepomis macrochirus = Bluegill
                species Lepomis gibbosus = Pumpkinseed
              genus Micropterus
                species Micropterus salmoides = Largemouth Bass
          order Salmoniformes = Salmons, Trouts, and Allies
            family Salmonidae = Salmon, Trouts, and Chars
              genus Oncorhynchus
                species Oncorhynchus mykiss = Rainbow Trout
              genus Salmo
                species Salmo trutta = Brown Trout
          order Cypriniformes = Carps, Minnows, and Allies
            family Cyprinidae = Carps and Minnows
              genus Cyprinus
                species Cyprinus carpio = Common Carp @VU
    phylum Mollusca = Mollusks #47115
      class Gastropoda = Gastropods
        order Stylommatophora = Land Snails and Slugs
          family Helicidae = Helicid Snails
            genus Cornu
              species Cornu aspersum = Garden Snail
            genus Cepaea
              species Cepaea nemoralis = Grove Snail
          family Arionidae = Roundback Slugs
            genus Arion
              species Arion rufus = Red Slug
          family Limacidae = Keelback Slugs
            genus Limax
              species Limax maximus = Leopard Slug
      class Bivalvia = Bivalves
        order Mytilida = Mussels
          family Mytilidae = Mussels
            genus Mytilus
              species Mytilus edulis = Blue Mussel
      class Cephalopoda = Cephalopods
        order Octopoda = Octopuses
          family Octopodidae = Octopuses
            genus Octopus
              species Octopus vulgaris = Common Octopus
    phylum Arthropoda = Arthropods #47120
      subphylum Chelicerata = Chelicerates
        class Arachnida = Arachnids #47119
          order Araneae = Spiders
            family Araneidae = Orb Weavers
              genus Araneus
                species Araneus diadematus = Cross Orbweaver
              genus Argiope
                species Argiope aurantia = Yellow Garden Spider
                species Argiope bruennichi = Wasp Spider
            family Salticidae = Jumping Spiders
              genus Phidippus
                species Phidippus audax = Bold Jumping Spider
              genus Salticus
                species Salticus scenicus = Zebra Jumping Spider
            family Theridiidae = Cobweb Spiders
              genus Latrodectus
                species Latrodectus mactans = Southern Black Widow
          order Opiliones = Harvestmen
            family Phalangiidae = Phalangiid Harvestmen
              genus Phalangium
                species Phalangium opilio = European Harvestman
          order Ixodida = Ticks
            family Ixodidae = Hard Ticks
              genus Ixodes
                species Ixodes scapularis = Blacklegged Tick
              genus Dermacentor
                species Dermacentor variabilis = American Dog Tick
      subphylum Hexapoda = Hexapods #372739
        class Insecta = Insects #47158
          order Lepidoptera = Butterflies and Moths
            superfamily Papilionoidea = Butterflies
              family Nymphalidae = Brush-footed Butterflies
                genus Danaus
                  species Danaus plexippus = Monarch @NT
                    subspecies Danaus plexippus plexippus = Migratory Monarch
                genus Vanessa
                  species Vanessa atalanta = Red Admiral
                  species Vanessa cardui = Painted Lady
                genus Aglais
                  species Aglais io = European Peacock
                genus Nymphalis
                  species Nymphalis antiopa = Mourning Cloak
              family Papilionidae = Swallowtails
                genus Papilio
                  species Papilio glaucus = Eastern Tiger Swallowtail
                  species Papilio machaon = Old World Swallowtail
              family Pieridae = Whites, Yellows, and Sulphurs
                genus Pieris
                  species Pieris rapae = Cabbage White
                genus Colias
                  species Colias philodice = Clouded Sulphur
              family Lycaenidae = Gossamer-winged Butterflies
                genus Polyommatus
                  species Polyommatus icarus = Common Blue
                genus Celastrina
                  species Celastrina ladon = Spring Azure
            superfamily Noctuoidea = Owlet Moths and Allies
              family Erebidae = Erebid Moths
                genus Hyphantria
                  species Hyphantria cunea = Fall Webworm Moth
            superfamily Bombycoidea = Silkworm Moths and Allies
              family Sphingidae = Sphinx Moths
                genus Manduca
                  species Manduca sexta = Carolina Sphinx
                genus Macroglossum
                  species Macroglossum stellatarum = Hummingbird Hawk-Moth
              family Saturniidae = Wild Silk Moths
                genus Antheraea
                  species Antheraea polyphemus = Polyphemus Moth
          order Coleoptera = Beetles
            family Coccinellidae = Lady Beetles
              genus Coccinella
                species Coccinella septempunctata = Seven-spotted Lady Beetle
              genus Harmonia
                species Harmonia axyridis = Asian Lady Beetle
            family Carabidae = Ground Beetles
              genus Carabus
                species Carabus nemoralis = Bronze Carabid
              genus Cicindela
                species Cicindela sexguttata = Six-spotted Tiger Beetle
            family Lucanidae = Stag Beetles
              genus Lucanus
                species Lucanus cervus = European Stag Beetle @NT
            family Chrysomelidae = Leaf Beetles
              genus Leptinotarsa
                species Leptinotarsa decemlineata = Colorado Potato Beetle
            family Lampyridae = Fireflies
              genus Photinus
                species Photinus pyralis = Common Eastern Firefly
            family Silphidae = Carrion Beetles
              genus Nicrophorus
                species Nicrophorus vespilloides = Lesser Vespillo Burying Beetle
          order Hymenoptera = Ants, Bees, Wasps, and Sawflies
            family Apidae = Honey Bees, Bumble Bees, and Allies
              genus Apis
                species Apis mellifera = Western Honey Bee
              genus Bombus
                species Bombus impatiens = Common Eastern Bumble Bee
                species Bombus terrestris = Buff-tailed Bumble Bee
                species Bombus pascuorum = Common Carder Bee
              genus Xylocopa
                species Xylocopa virginica = Eastern Carpenter Bee
            family Vespidae = Hornets, Paper Wasps, Potter Wasps, and Allies
              genus Vespula
                species Vespula vulgaris = Common Yellowjacket
              genus Polistes
                species Polistes dominula = European Paper Wasp
            family Formicidae = Ants
              genus Camponotus
                species Camponotus pennsylvanicus = Eastern Black Carpenter Ant
              genus Formica
                species Formica rufa = Red Wood Ant
          order Odonata = Dragonflies and Damselflies
            family Libellulidae = Skimmers
              genus Libellula
                species Libellula pulchella = Twelve-spotted Skimmer
              genus Pachydiplax
                species Pachydiplax longipennis = Blue Dasher
              genus Sympetrum
                species Sympetrum striolatum = Common Darter
            family Aeshnidae = Darners
              genus Anax
                species Anax junius = Common Green Darner
            family Coenagrionidae = Narrow-winged Damselflies
              genus Ischnura
                species Ischnura verticalis = Eastern Forktail
          order Hemiptera = True Bugs, Hoppers, Aphids, and Allies
            family Pentatomidae = Stink Bugs
              genus Halyomorpha
                species Halyomorpha halys = Brown Marmorated Stink Bug
            family Cicadidae = Cicadas
              genus Neotibicen
                species Neotibicen canicularis = Dog-day Cicada
            family Aphididae = Aphids
              genus Aphis
                species Aphis nerii = Oleander Aphid
          order Orthoptera = Grasshoppers, Crickets, and Katydids
            family Acrididae = Short-horned Grasshoppers
              genus Melanoplus
                species Melanoplus differentialis = Differential Grasshopper
            family Gryllidae = Crickets
              genus Gryllus
                species Gryllus pennsylvanicus = Fall Field Cricket
          order Diptera = Flies
            family Syrphidae = Hover Flies
              genus Eristalis
                species Eristalis tenax = Common Drone Fly
              genus Episyrphus
                species Episyrphus balteatus = Marmalade Hoverfly
            family Culicidae = Mosquitoes
              genus Aedes
                species Aedes albopictus = Asian Tiger Mosquito
          order Mantodea = Mantises
            family Mantidae = Mantids
              genus Mantis
                species Mantis religiosa = European Mantis
  kingdom Plantae = Plants #47126
    phylum Tracheophyta = Vascular Plants
      class Magnoliopsida = Dicots
        order Asterales = Asters, Bellflowers, and Allies
          family Asteraceae = Sunflowers, Daisies, Asters, and Allies
            genus Taraxacum
              species Taraxacum officinale = Common Dandelion
            genus Helianthus
              species Helianthus annuus = Common Sunflower
            genus Achillea
              species Achillea millefolium = Common Yarrow
            genus Bellis
              species Bellis perennis = Common Daisy
            genus Symphyotrichum
              species Symphyotrichum novae-angliae = New England Aster
            genus Rudbeckia
              species Rudbeckia hirta = Black-eyed Susan
            genus Cirsium
              species Cirsium vulgare = Bull Thistle
        order Rosales = Roses, Elms, Figs, and Allies
          family Rosaceae = Rose Family
            genus Rosa
              species Rosa multiflora = Multiflora Rose
              species Rosa canina = Dog Rose
            genus Rubus
              species Rubus armeniacus = Himalayan Blackberry
            genus Prunus
              species Prunus serotina = Black Cherry
            genus Crataegus
              species Crataegus monogyna = Common Hawthorn
          family Urticaceae = Nettle Family
            genus Urtica
              species Urtica dioica = Stinging Nettle
        order Fagales = Oaks, Walnuts, and Allies
          family Fagaceae = Beeches, Oaks, and Chestnuts
            genus Quercus
              species Quercus alba = White Oak
              species Quercus rubra = Northern Red Oak
              species Quercus robur = English Oak
              species Quercus agrifolia = Coast Live Oak
            genus Fagus
              species Fagus sylvatica = European Beech
              species Fagus grandifolia = American Beech
          family Betulaceae = Birch Family
            genus Betula
              species Betula papyrifera = Paper Birch
        order Sapindales = Soapberries, Sumacs, Citrus, and Allies
          family Sapindaceae = Soapberry Family
            genus Acer
              species Acer rubrum = Red Maple
              species Acer saccharum = Sugar Maple
              species Acer pseudoplatanus = Sycamore Maple
        order Lamiales = Mints, Plantains, Olives, and Allies
          family Lamiaceae = Mints
            genus Mentha
              species Mentha spicata = Spearmint
            genus Prunella
              species Prunella vulgaris = Common Selfheal
          family Plantaginaceae = Plantain Family
            genus Plantago
              species Plantago major = Greater Plantain
              species Plantago lanceolata = Ribwort Plantain
        order Fabales = Legumes, Milkworts, and Allies
          family Fabaceae = Legumes
            genus Trifolium
              species Trifolium repens = White Clover
              species Trifolium pratense = Red Clover
            genus Lupinus
              species Lupinus polyphyllus = Large-leaved Lupine
        order Ranunculales = Buttercups, Poppies, and Allies
          family Ranunculaceae = Buttercup Family
            genus Ranunculus
              species Ranunculus acris = Meadow Buttercup
          family Papaveraceae = Poppy Family
            genus Eschscholzia
              species Eschscholzia californica = California Poppy
        order Ericales = Heaths, Primroses, and Allies
          family Ericaceae = Heath Family
            genus Vaccinium
              species Vaccinium corymbosum = Highbush Blueberry
            genus Arbutus
              species Arbutus menziesii = Pacific Madrone
        order Caryophyllales = Pinks, Cactuses, and Allies
          family Cactaceae = Cactus Family
            genus Opuntia
              species Opuntia engelmannii = Engelmann's Prickly Pear
      class Liliopsida = Monocots
        order Asparagales = Orchids, Irises, Asparagus, and Allies
          family Orchidaceae = Orchids
            genus Cypripedium
              species Cypripedium acaule = Pink Lady's Slipper
          family Asparagaceae = Asparagus Family
            genus Maianthemum
              species Maianthemum racemosum = Feathery False Lily of the Valley
        order Poales = Grasses, Sedges, Cattails, and Allies
          family Poaceae = Grasses
            genus Poa
              species Poa annua = Annual Bluegrass
            genus Phragmites
              species Phragmites australis = Common Reed
          family Typhaceae = Cattail Family
            genus Typha
              species Typha latifolia = Broadleaf Cattail
        order Liliales = Lilies and Allies
          family Liliaceae = Lily Family
            genus Erythronium
              species Erythronium americanum = Yellow Trout Lily
          family Melanthiaceae = Bunchflower Family
            genus Trillium
              species Trillium grandiflorum = Large-flowered Trillium
      class Pinopsida = Conifers
        order Pinales = Conifers
          family Pinaceae = Pine Family
            genus Pinus
              species Pinus strobus = Eastern White Pine
              species Pinus sylvestris = Scots Pine
              species Pinus ponderosa = Ponderosa Pine
            genus Pseudotsuga
              species Pseudotsuga menziesii = Douglas-Fir
            genus Picea
              species Picea abies = Norway Spruce
          family Cupressaceae = Cypress Family
            genus Sequoia
              species Sequoia sempervirens = Coast Redwood @EN
            genus Thuja
              species Thuja plicata = Western Redcedar
      class Polypodiopsida = Ferns
        order Polypodiales = Common Ferns
          family Dennstaedtiaceae = Bracken Family
            genus Pteridium
              species Pteridium aquilinum = Common Bracken
          family Onocleaceae = Sensitive Fern Family
            genus Onoclea
              species Onoclea sensibilis = Sensitive Fern
    phylum Bryophyta = Mosses
      class Polytrichopsida = Haircap Mosses
        order Polytrichales = Haircap Mosses
          family Polytrichaceae = Haircap Moss Family
            genus Polytrichum
              species Polytrichum commune = Common Haircap Moss
  kingdom Fungi = Fungi Including Lichens #47170
    phylum Basidiomycota = Basidiomycete Fungi
      class Agaricomycetes = Mushrooms, Bracket Fungi, Puffballs, and Allies
        order Agaricales = Common Gilled Mushrooms and Allies
          family Amanitaceae = Amanitas and Allies
            genus Amanita
              species Amanita muscaria = Fly Agaric
              species Amanita phalloides = Death Cap
          family Agaricaceae = Agaricus and Allies
            genus Agaricus
              species Agaricus campestris = Meadow Mushroom
            genus Coprinus
              species Coprinus comatus = Shaggy Mane
          family Pleurotaceae = Oyster Mushrooms and Allies
            genus Pleurotus
              species Pleurotus ostreatus = Oyster Mushroom
        order Boletales = Boletes and Allies
          family Boletaceae = Boletes
            genus Boletus
              species Boletus edulis = King Bolete
        order Polyporales = Shelf Fungi
          family Polyporaceae = Polypores
            genus Trametes
              species Trametes versicolor = Turkey Tail
          family Laetiporaceae = Sulphur Shelves
            genus Laetiporus
              species Laetiporus sulphureus = Chicken of the Woods
        order Cantharellales = Chanterelles and Allies
          family Hydnaceae = Chanterelles and Tooth Fungi
            genus Cantharellus
              species Cantharellus cibarius = Golden Chanterelle
    phylum Ascomycota = Sac Fungi
      class Pezizomycetes = Cup Fungi and Allies
        order Pezizales = Cup Fungi, Morels, and Truffles
          family Morchellaceae = Morels and Allies
            genus Morchella
              species Morchella americana = Yellow Morel
      class Lecanoromycetes = Common Lichens
        order Lecanorales = Common Lichens
          family Parmeliaceae = Shield Lichens
            genus Flavoparmelia
              species Flavoparmelia caperata = Common Greenshield Lichen
        order Teloschistales = Sunburst Lichens and Allies
          family Teloschistaceae = Firedot and Sunburst Lichens
            genus Xanthoria
              species Xanthoria parietina = Common Orange Lichen
  kingdom Chromista = Kelp, Diatoms, and Allies #48222
    phylum Ochrophyta = Ochrophytes
      class Phaeophyceae = Brown Algae
        order Laminariales = Kelps
          family Laminariaceae = Kelp Family
            genus Macrocystis
              species Macrocystis pyrifera = Giant Kelp
        order Fucales = Rockweeds and Allies
          family Fucaceae = Rockweed Family
            genus Fucus
              species Fucus vesiculosus = Bladder Wrack
  kingdom Protozoa = Protozoans #47686
    phylum Mycetozoa = Slime Molds
      class Myxomycetes = Plasmodial Slime Molds
        order Physarales = Physaroid Slime Molds
          family Physaraceae = Physaraceae
            genus Fuligo
              species Fuligo septica = Dog Vomit Slime Mold
"""

_LINE = re.compile(
    r"^(?P<indent> *)(?P<rank>[a-z]+) (?P<name>[A-Z][^=#!@]*?)"
    r"(?: = (?P<common>[^#!@]+?))?"
    r"(?: #(?P<id>\d+))?"
    r"(?: !inactive=(?P<replaced_by>[^#@]+?))?"
    r"(?: @(?P<iucn>[A-Z]{2}))?\s*$"
)


@attrs.frozen
class TaxonRow:
    """One taxon of the tree, with everything the tree itself tells."""

    id: int
    name: str
    rank: str
    rank_level: int
    parent_id: int | None
    ancestor_ids: tuple[int, ...]
    """From Life down to and including this taxon (as search results give it)."""
    common_name: str | None
    is_active: bool
    current_synonymous_taxon_ids: tuple[int, ...] | None
    iconic_taxon_id: int | None
    iconic_taxon_name: str | None
    iucn: str | None
    depth: int


@functools.cache
def load_taxonomy() -> tuple[TaxonRow, ...]:
    """Every taxon of the tree, parents before children; the same tuple on every call."""
    # Ids not pinned in the tree come from a generator that never changes: same ids on every run.
    id_rng = random.Random("inatsdk-emulator-taxonomy")
    pinned = {int(m) for m in re.findall(r"#(\d+)", _TREE)}
    next_id = 100_000
    parsed: list[tuple[int, str, str, str | None, int, str | None, str | None]] = []
    for raw in _TREE.strip("\n").splitlines():
        m = _LINE.match(raw)
        if m is None:
            raise ValueError(f"bad taxonomy line: {raw!r}")
        depth = len(m["indent"]) // 2
        if m["id"]:
            taxon_id = int(m["id"])
        else:
            next_id += id_rng.randint(1, 4000)
            while next_id in pinned:
                next_id += 1
            taxon_id = next_id
        parsed.append(
            (
                taxon_id,
                m["name"].strip(),
                m["rank"],
                m["common"],
                depth,
                m["replaced_by"],
                m["iucn"],
            )
        )

    by_name = {name: taxon_id for taxon_id, name, *_ in parsed}
    rows: list[TaxonRow] = []
    stack: list[TaxonRow] = []
    for taxon_id, name, rank, common, depth, replaced_by, iucn in parsed:
        if rank not in RANK_LEVELS:
            raise ValueError(f"unknown rank {rank!r} for {name}")
        del stack[depth:]
        parent = stack[-1] if stack else None
        ancestor_ids = (*parent.ancestor_ids, taxon_id) if parent else (taxon_id,)
        iconic_id: int | None = None
        iconic_name: str | None = None
        if name in ICONIC_TAXON_IDS:
            iconic_id, iconic_name = taxon_id, name
        elif parent is not None:
            iconic_id, iconic_name = parent.iconic_taxon_id, parent.iconic_taxon_name
        row = TaxonRow(
            id=taxon_id,
            name=name,
            rank=rank,
            rank_level=RANK_LEVELS[rank],
            parent_id=parent.id if parent else None,
            ancestor_ids=ancestor_ids,
            common_name=common.strip() if common else None,
            is_active=replaced_by is None,
            current_synonymous_taxon_ids=(by_name[replaced_by.strip()],) if replaced_by else None,
            iconic_taxon_id=iconic_id,
            iconic_taxon_name=iconic_name,
            iucn=iucn,
            depth=depth,
        )
        rows.append(row)
        stack.append(row)
    ids = [r.id for r in rows]
    if len(set(ids)) != len(ids):
        raise ValueError("duplicate taxon ids in the emulator taxonomy")
    return tuple(rows)
