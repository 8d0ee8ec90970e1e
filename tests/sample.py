"""IRIs of the hand-written fixture graph ``tests/data/sample.trig`` (province Vân Sơn,
district Khê Lâm), shared by the query and analysis tests."""

from pathlib import Path

SAMPLE = Path(__file__).parent / "data" / "sample.trig"
ID = "https://w3id.org/orggraph/id/"

TINH_UY = ID + "org/tinh-uy-van-son-0f1e2d"
HUYEN_UY = ID + "org/huyen-uy-khe-lam-3c4b5a"
DANG_UY_XA = ID + "org/dang-uy-xa-tan-hoa-9d0e1f"
BAN_TG = ID + "org/ban-tuyen-giao-huyen-uy-khe-lam-6a7b8c"
CHI_BO_BAN_PHA = ID + "org/chi-bo-thon-ban-pha-2a3b4c"
CHI_BO_NA_LAU = ID + "org/chi-bo-thon-na-lau-4e5f60"
UBND_TINH = ID + "org/ubnd-tinh-van-son-9a0b1c"
UBND_HUYEN = ID + "org/ubnd-huyen-khe-lam-2d3e4f"
HDND_HUYEN = ID + "org/hdnd-huyen-khe-lam-6f7e8d"
MTTQ_HUYEN = ID + "org/uy-ban-mttq-viet-nam-huyen-khe-lam-5e6f70"
AN = ID + "person/nguyen-van-an-1a2b3c"
BINH = ID + "person/tran-thi-binh-4d5e6f"
