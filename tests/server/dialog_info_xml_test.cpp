// Reading the dialog-info bodies (RFC 4235) the PBX NOTIFYs about a desk phone: network input,
// so anything malformed must come back as "not a document", never as a wrong state.
#include "sip/dialog_info_xml.hpp"

#include <gtest/gtest.h>

namespace cvw::server::sip {
namespace {

TEST(dialog_info_xml, reads_the_dialogs_of_a_full_document) {
    const auto info = parse_dialog_info(R"(<?xml version="1.0"?>
<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="3" state="full" entity="sip:+14255550101@pbx">
  <dialog id="d1" call-id="c1@host" local-tag="a" remote-tag="b" direction="initiator">
    <state>confirmed</state>
    <remote><identity display="Bob Jones">sip:1002@pbx:5060;user=phone</identity></remote>
    <local><identity>sip:+14255550101@pbx</identity></local>
  </dialog>
  <dialog id="d2" direction="recipient"><state>Trying</state></dialog>
</dialog-info>)");
    ASSERT_TRUE(info);
    EXPECT_TRUE(info->full);
    ASSERT_EQ(info->dialogs.size(), 2u);
    EXPECT_EQ(info->dialogs[0].id, "d1");
    EXPECT_EQ(info->dialogs[0].call_id, "c1@host");
    EXPECT_TRUE(info->dialogs[0].initiator);
    EXPECT_EQ(info->dialogs[0].state, "confirmed");
    EXPECT_EQ(info->dialogs[0].remote_number, "1002");
    EXPECT_EQ(info->dialogs[0].remote_display, "Bob Jones");
    EXPECT_FALSE(info->dialogs[1].initiator);
    EXPECT_EQ(info->dialogs[1].state, "Trying"); // the core lower-cases states
    EXPECT_EQ(info->dialogs[1].remote_number, "");
}

TEST(dialog_info_xml, a_partial_document_and_an_idle_phone) {
    auto partial = parse_dialog_info(
        R"(<dialog-info state="partial" version="9"><dialog id="x"><state>terminated</state></dialog></dialog-info>)");
    ASSERT_TRUE(partial);
    EXPECT_FALSE(partial->full);
    auto idle = parse_dialog_info(R"(<dialog-info version="1" state="full" entity="sip:a@b"/>)");
    ASSERT_TRUE(idle);
    EXPECT_TRUE(idle->dialogs.empty());
}

TEST(dialog_info_xml, anything_else_is_not_a_document) {
    EXPECT_FALSE(parse_dialog_info(""));
    EXPECT_FALSE(parse_dialog_info("not xml at all"));
    EXPECT_FALSE(parse_dialog_info("<dialog-info><dialog id=\"d\">")); // truncated
    EXPECT_FALSE(parse_dialog_info("<presence xmlns=\"urn:ietf:params:xml:ns:pidf\"/>"));
    EXPECT_FALSE(parse_dialog_info(std::string("<dialog-info>\0</dialog-info>", 28)));
}

TEST(dialog_info_xml, the_user_part_of_sip_and_tel_uris) {
    EXPECT_EQ(user_of_uri("sip:+14255550101@pbx.example.com:5060;user=phone"), "+14255550101");
    EXPECT_EQ(user_of_uri("  sips:alice@example.com  "), "alice");
    EXPECT_EQ(user_of_uri("sip:bob;x=y@pbx"), "bob");
    EXPECT_EQ(user_of_uri("tel:+14255550102;phone-context=example.com"), "+14255550102");
    EXPECT_EQ(user_of_uri("tel:1003"), "1003");
    EXPECT_EQ(user_of_uri("sip:pbx.example.com"), ""); // no user part
    EXPECT_EQ(user_of_uri("mailto:x@y"), "");
    EXPECT_EQ(user_of_uri(""), "");
}

} // namespace
} // namespace cvw::server::sip
